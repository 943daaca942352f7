import { describe, expect, it } from 'vitest';
import { formatHostPort, isLoopbackAddress } from '../src/peer-address';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])(
    '%s is loopback',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(true);
    },
  );
  it.each(['10.0.0.1', '192.168.1.127', '::ffff:10.0.0.1', '1::1', '::2', '128.0.0.1', undefined])(
    '%s is not',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false);
    },
  );
});

describe('formatHostPort', () => {
  it('brackets IPv6 hosts', () => {
    expect(formatHostPort('127.0.0.1', 110)).toBe('127.0.0.1:110');
    expect(formatHostPort('::1', 995)).toBe('[::1]:995');
  });
});
