import { createHash } from 'node:crypto';

/** A file's bytes as read and as archived: the BOM some editors add is not part of Trakt's JSON. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
