import { describe, expect, it } from 'vitest';
import { isLockOwnerAlive, lockOwnerName, parseLockOwner } from '../src/lock-owner';

describe('maildrop lock owners', () => {
  it('names this process and host, printable and without spaces', () => {
    expect(lockOwnerName(4242, 'lab host')).toBe('pop3-lab.4242@lab_host');
    expect(parseLockOwner('pop3-lab.4242@lab_host')).toEqual({ pid: 4242, host: 'lab_host' });
    expect(lockOwnerName()).toMatch(/^[\x21-\x7e]+$/);
  });

  it('knows whether a lock written on this machine still has its process', () => {
    const alive = (pid: number) => pid === 7;
    expect(isLockOwnerAlive('pop3-lab.7@here', 'here', alive)).toBe(true);
    expect(isLockOwnerAlive('pop3-lab.8@here', 'here', alive)).toBe(false);
  });

  it('cannot tell for another machine or another program', () => {
    expect(isLockOwnerAlive('pop3-lab.7@elsewhere', 'here', () => true)).toBeUndefined();
    expect(isLockOwnerAlive('dovecot', 'here', () => true)).toBeUndefined();
  });

  it('sees this very process as alive', () => {
    expect(isLockOwnerAlive(lockOwnerName())).toBe(true);
  });
});
