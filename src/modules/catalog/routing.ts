/** A routing rule as the decision needs it. */
export interface RoutingRule {
  id: number;
  serviceId: number | null;
  districtId: string | null;
  departmentId: string;
  priority: number;
  description: string;
}

export interface RoutingDecision {
  departmentId: string;
  ruleId: number | null;
  reason: string;
}

const specificity = (r: RoutingRule): number => (r.serviceId !== null ? 2 : 0) + (r.districtId !== null ? 1 : 0);

/**
 * Picks the department for a request: among active rules that match the service and one of the
 * districts the location lies in, the most specific wins (service and district > service > district),
 * then the lowest priority number, then the oldest rule. No match: the service's own department.
 */
export function chooseDepartment(
  rules: RoutingRule[],
  request: { serviceId: number; districtIds: string[] },
  serviceDepartmentId: string,
): RoutingDecision {
  const matching = rules.filter(
    (r) =>
      (r.serviceId === null || r.serviceId === request.serviceId) &&
      (r.districtId === null || request.districtIds.includes(r.districtId)),
  );
  matching.sort((a, b) => specificity(b) - specificity(a) || a.priority - b.priority || a.id - b.id);
  const rule = matching[0];
  if (!rule) return { departmentId: serviceDepartmentId, ruleId: null, reason: "the service's default department" };
  return { departmentId: rule.departmentId, ruleId: rule.id, reason: rule.description || `routing rule ${rule.id}` };
}
