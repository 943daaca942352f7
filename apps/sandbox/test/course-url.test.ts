/** What the page's address asks of the course, and lab files carried in an address. */
import { describe, expect, it } from 'vitest';
import {
  decodeLabFile,
  encodeLabFile,
  labFileLink,
  readCourseAddress,
} from '../src/course/course-url';

describe('the course address', () => {
  it('asks for nothing by default', () => {
    expect(readCourseAddress('')).toEqual({
      request: { kind: 'none' },
      embed: false,
      language: undefined,
    });
  });

  it('opens a built-in lab, in a language', () => {
    expect(readCourseAddress('?lab=first-contact&lang=fr')).toEqual({
      request: { kind: 'lab', id: 'first-contact' },
      embed: false,
      language: 'fr',
    });
    expect(readCourseAddress('?lab=../etc&lang=de')).toEqual({
      request: { kind: 'invalid', reason: 'bad-id' },
      embed: false,
      language: undefined,
    });
  });

  it('plays a demo, at a speed kept between 0.5 and 4, with or without autoplay', () => {
    expect(readCourseAddress('?embed=1&demo=top-headers').request).toEqual({
      kind: 'demo',
      id: 'top-headers',
      text: undefined,
      speed: 1,
      autoplay: true,
    });
    expect(readCourseAddress('?embed=1&demo=top-headers&speed=9&autoplay=0')).toMatchObject({
      embed: true,
      request: { speed: 4, autoplay: false },
    });
    expect(readCourseAddress('?demo=x&speed=0.1').request).toMatchObject({ speed: 0.5 });
    expect(readCourseAddress('?demo=x&speed=fast').request).toMatchObject({ speed: 1 });
  });

  it('carries a whole lab file, UTF-8 included, and refuses what is not one', () => {
    const text = '---\nid: café\ntitle: Élan « test » ✓\n---\n';
    const encoded = encodeLabFile(text);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeLabFile(encoded)).toBe(text);
    expect(readCourseAddress(`?labfile=${encoded}`).request).toEqual({ kind: 'lab-file', text });
    expect(readCourseAddress(`?embed=1&demofile=${encoded}`).request).toMatchObject({
      kind: 'demo',
      text,
    });
    expect(decodeLabFile('not base64!')).toBeUndefined();
    expect(decodeLabFile(encodeLabFile('x').slice(0, 1))).toBeUndefined();
    expect(decodeLabFile('_w')).toBeUndefined(); // 0xFF: not UTF-8
    expect(readCourseAddress('?labfile=%%').request).toEqual({
      kind: 'invalid',
      reason: 'bad-file',
    });
  });

  it('makes links that carry a lab or a demo', () => {
    const link = labFileLink('https://school.example/lab/index.html?lab=x#top', 'hello');
    expect(link).toBe(`https://school.example/lab/index.html?labfile=${encodeLabFile('hello')}`);
    const demo = new URL(labFileLink('https://school.example/lab/', 'hello', true));
    expect(demo.searchParams.get('demofile')).toBe(encodeLabFile('hello'));
    expect(demo.searchParams.get('embed')).toBe('1');
  });
});
