import type { Sla } from '../../components/sla-badge.tsx';

/** A request as the queue list gives it. */
export interface QueueItem {
  id: number;
  trackingNumber: string;
  serviceCode: string;
  status: string;
  priority: string;
  description: string;
  address: string | null;
  location: { lat: number; long: number } | null;
  districtId: string | null;
  departmentId: string;
  assignedTo: number | null;
  version: number;
  createdAt: string;
  sla: Sla;
}

export interface QueuePage {
  requests: QueueItem[];
  total: number;
  /** The count stopped at `total`: at least that many match. */
  totalCapped?: boolean;
  nextCursor: string | null;
}

export interface Named {
  id: string;
  name: Record<string, string>;
}

/** The statuses of the request lifecycle, in workflow order. */
export const STATUSES = ['new', 'acknowledged', 'in_progress', 'on_hold', 'reopened', 'resolved', 'closed', 'cancelled', 'duplicate', 'referred'] as const;
export const OPEN = 'new,acknowledged,in_progress,on_hold,reopened';

/** A catalog name in the console's language, else English, else the id. */
export const nameIn = (n: { name: Record<string, string> } | undefined, lang: string, fallback: string): string => n?.name[lang] ?? n?.name.en ?? fallback;
