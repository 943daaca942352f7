import { describe, expect, it } from 'vitest';
import { isPlainUserName } from '@pop3-lab/core';
import { SAMPLE_SPOOL_DIR, sampleLogins, sampleMaildirPath, sampleUsers } from '../src';

describe('the sample logins', () => {
  it('let chris log in with epikoi, as in the classic telnet walk-through', () => {
    expect(sampleLogins().get('chris')).toBe('epikoi');
  });

  it('cover an mbox user, a Maildir user, a flooded box, an edge-case box and an empty box', () => {
    expect(sampleUsers.map((u) => u.user)).toEqual(['chris', 'alice', 'flooded', 'edge', 'empty']);
    expect(sampleUsers.find((u) => u.user === 'alice')?.format).toBe('maildir');
  });

  it('put mail at the classic paths', () => {
    for (const user of sampleUsers) {
      const expected =
        user.format === 'mbox' ? `${SAMPLE_SPOOL_DIR}/${user.user}` : sampleMaildirPath(user.user);
      expect(user.path).toBe(expected);
    }
    expect(sampleUsers[0]!.path).toBe('/var/spool/mail/chris');
    expect(sampleMaildirPath('alice')).toBe('/home/alice/Maildir');
  });

  it('have plain names, distinct passwords table entries and descriptions in both languages', () => {
    const logins = sampleLogins();
    expect(logins.size).toBe(sampleUsers.length);
    for (const user of sampleUsers) {
      expect(isPlainUserName(user.user)).toBe(true);
      expect(logins.get(user.user)).toBe(user.password);
      expect(user.description.en.length).toBeGreaterThan(20);
      expect(user.description.fr.length).toBeGreaterThan(20);
    }
  });
});
