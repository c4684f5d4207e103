import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { announce, ErrorNote, useMe } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { CallerPanel } from './caller-panel.tsx';
import { CloseForm, type CloseChoice } from './close-form.tsx';
import { closeContact, patchContact, startContact, type Contact, type CustomerSummary, type Outcome } from './desk-api.ts';
import { KnowledgePanel, type Opened } from './knowledge-panel.tsx';
import { RequestForm, type Linked } from './request-form.tsx';
import './desk.css';

/**
 * The agent desk: one screen for a call, usable by keyboard alone. Caller (contact clock, customer
 * lookup, language), knowledge (answers and call scripts, topic recorded with Alt+T) and action
 * (request on the caller's behalf with duplicates first, referral, close with Alt+Enter).
 */
export default function Desk(): JSX.Element {
  const [channel, setChannel] = useState('phone');
  const [contact, setContact] = useState<Contact | null>(null);
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [language, setLanguage] = useState('');
  const [interpreter, setInterpreter] = useState(false);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [topics, setTopics] = useState<string[]>([]);
  const [showRequest, setShowRequest] = useState(false);
  const [service, setService] = useState<string | null>(null);
  const [linked, setLinked] = useState<Linked | null>(null);
  const [closing, setClosing] = useState<null | { agency: boolean }>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [waitingKey, setWaitingKey] = useState(0);
  const me = useMe();
  const startRef = useRef<HTMLButtonElement>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const kbRef = useRef<HTMLInputElement>(null);
  const requestRef = useRef<HTMLDivElement>(null);

  async function start() {
    if (contact || busy) return;
    setBusy(true);
    try {
      const r = await startContact(channel);
      setContact(r.contact);
      setError(null);
      announce(t('desk.started'));
      setTimeout(() => lookupRef.current?.focus(), 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  /** Takes a contact a channel logged (an e-mail, a text): it becomes this agent's, on the desk. */
  async function take(c: Contact) {
    if (contact || busy) return;
    setBusy(true);
    try {
      const taken = (await patchContact(c.id, { agentId: me.principal.id, expectedVersion: c.version })).contact;
      setContact(taken);
      if (taken.customerId) setCustomer((await api<{ customer: CustomerSummary }>('GET', `/api/v1/customers/${taken.customerId}`)).customer);
      setError(null);
      announce(t('desk.waiting.taken'));
      setTimeout(() => kbRef.current?.focus(), 0);
    } catch (e) {
      setError(e);
      setWaitingKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  }

  async function change(body: Record<string, unknown>) {
    if (!contact) return;
    try {
      setContact((await patchContact(contact.id, body)).contact);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  async function recordTopic(o: Opened) {
    const key = `${o.kind}:${o.ref}`;
    if (!contact || topics.includes(key)) return;
    await change({ addTopics: [{ kind: o.kind, ref: o.ref }] });
    setTopics((x) => [...x, key]);
    announce(t('desk.kb.recordedAnnounce', { title: o.title }));
  }

  async function requestDone(l: Linked) {
    await change({ addRequests: [l.trackingNumber] });
    setLinked(l);
    setShowRequest(false);
    setTimeout(() => document.getElementById('desk-linked')?.focus(), 0);
  }

  async function close(choice: CloseChoice) {
    if (!contact) return;
    setBusy(true);
    try {
      if (language || interpreter) await patchContact(contact.id, { ...(language ? { language } : {}), interpreterUsed: interpreter });
      await closeContact(contact.id, { ...choice });
      setContact(null);
      setCustomer(null);
      setLanguage('');
      setInterpreter(false);
      setOpened(null);
      setTopics([]);
      setLinked(null);
      setShowRequest(false);
      setService(null);
      setClosing(null);
      setError(null);
      setWaitingKey((k) => k + 1);
      announce(t('desk.closed'));
      setTimeout(() => startRef.current?.focus(), 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const suggested: Outcome = linked ? 'request_created' : 'answered';
  // Desk keys; the shell keeps Alt + the screen letters (D, W, U, …).
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const act = (f: () => void) => (e.preventDefault(), f());
    if (e.key === 'Enter' && contact) act(() => setClosing({ agency: false }));
    else if (e.code === 'KeyN' && !contact) act(() => void start());
    else if (e.code === 'KeyK') act(() => kbRef.current?.focus());
    else if (e.code === 'KeyR' && contact) act(() => (setShowRequest(true), setClosing(null), setTimeout(() => document.getElementById('f-desk-req-filter')?.focus(), 0)));
    else if (e.code === 'KeyT' && contact && opened) act(() => void recordTopic(opened));
    else if (e.code === 'KeyF' && contact) act(() => setClosing({ agency: true }));
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    addEventListener('keydown', listener);
    startRef.current?.focus();
    return () => removeEventListener('keydown', listener);
  }, []);

  return (
    <div class="desk">
      <h1>{t('desk.title')}</h1>
      <p class="hint desk-keys">{t('desk.keys')}</p>
      <ErrorNote error={error} />
      <div class="desk-columns">
        <CallerPanel
          channel={channel}
          onChannel={setChannel}
          contact={contact}
          busy={busy}
          onStart={() => void start()}
          startRef={startRef}
          lookupRef={lookupRef}
          customer={customer}
          onCustomer={(c) => (setCustomer(c), void change({ customerId: c?.id ?? null }), c && announce(t('desk.customer.picked', { name: c.name ?? t('desk.customer.unnamed') })))}
          language={language}
          onLanguage={setLanguage}
          interpreter={interpreter}
          onInterpreter={setInterpreter}
          onTake={(c) => void take(c)}
          waitingKey={waitingKey}
        />
        <KnowledgePanel inputRef={kbRef} opened={opened} onOpen={setOpened} onTopic={(o) => void recordTopic(o)} recorded={Boolean(opened && topics.includes(`${opened.kind}:${opened.ref}`))} onUseService={(code) => (setService(code), setShowRequest(true))} />
        <section class="desk-col" aria-labelledby="desk-action-title">
          <h2 id="desk-action-title">{t('desk.action.title')}</h2>
          {!contact ? (
            <p class="hint">{t('desk.action.startFirst')}</p>
          ) : (
            <>
              {linked ? (
                <p id="desk-linked" tabIndex={-1} class="notice">
                  {linked.supported ? t('desk.request.supportedNote', { ref: linked.trackingNumber }) : t('desk.request.createdNote', { ref: linked.trackingNumber })}
                </p>
              ) : null}
              {closing ? (
                <CloseForm suggested={suggested} focusAgency={closing.agency} busy={busy} error={null} onClose={(c) => void close(c)} onCancel={() => setClosing(null)} />
              ) : (
                <div class="toolbar">
                  <button type="button" class="secondary" aria-keyshortcuts="Alt+R" aria-expanded={showRequest} onClick={() => setShowRequest((s) => !s)}>
                    {t('desk.action.request')}
                  </button>
                  <button type="button" class="secondary" aria-keyshortcuts="Alt+F" onClick={() => setClosing({ agency: true })}>
                    {t('desk.action.refer')}
                  </button>
                  <button type="button" aria-keyshortcuts="Alt+Enter" onClick={() => setClosing({ agency: false })}>
                    {t('desk.action.close')}
                  </button>
                </div>
              )}
              {showRequest && !closing ? (
                <div ref={requestRef}>
                  <RequestForm customer={customer} initialService={service} onDone={(l) => void requestDone(l)} />
                </div>
              ) : null}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
