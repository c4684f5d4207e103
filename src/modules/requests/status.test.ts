import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../lib/errors.ts';
import { STATUSES, allowedTransitions, assertTransition, isOpen, open311Status, type Status } from './status.ts';

test('the happy path from new to closed is allowed step by step', () => {
  const path: Status[] = ['new', 'acknowledged', 'in_progress', 'on_hold', 'in_progress', 'resolved', 'closed', 'reopened', 'resolved'];
  for (let i = 1; i < path.length; i++) assertTransition(path[i - 1]!, path[i]!);
});

test('illegal transitions are refused with the allowed ones named', () => {
  assert.throws(
    () => assertTransition('closed', 'in_progress'),
    (e: unknown) => e instanceof AppError && e.code === 'illegal_transition' && e.status === 409 && /can become: reopened/.test(e.message),
  );
  assert.throws(() => assertTransition('duplicate', 'reopened'), /cannot change status any more/);
  assert.throws(() => assertTransition('new', 'new'), /already new/);
  assert.throws(() => assertTransition('new', 'closed'), AppError);
  assert.throws(() => assertTransition('resolved', 'in_progress'), AppError);
});

test('every status maps to Open311 open or closed, and only open statuses are open', () => {
  const open = STATUSES.filter((s) => open311Status(s) === 'open');
  assert.deepEqual(open, ['new', 'acknowledged', 'in_progress', 'on_hold', 'reopened']);
  for (const s of STATUSES) assert.equal(isOpen(s), open.includes(s));
});

test('every closed status except duplicate can be reopened, and nothing returns to new', () => {
  for (const s of STATUSES) {
    assert.ok(!allowedTransitions(s).includes('new'), `${s} must not go back to new`);
    if (!isOpen(s) && s !== 'duplicate' && s !== 'resolved') assert.deepEqual(allowedTransitions(s), ['reopened']);
  }
  assert.ok(allowedTransitions('resolved').includes('reopened'));
});
