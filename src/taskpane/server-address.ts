/** The server address as a user types it into the pane's Connect form, made into one the client can use. */
import { PlanbookError } from '../model/errors';

/** 'http://host:3000/' or 'host:3000' → 'http://host:3000'; refuses what is not an http(s) address. */
export function normaliseServer(input: string): string {
  let s = input.trim();
  if (s.includes('://') && !/^https?:\/\/[^/]/i.test(s)) throw badAddress(input);
  s = s.replace(/\/+$/, '');
  if (s !== '' && !/^https?:\/\//i.test(s)) s = `https://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw badAddress(input);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/i.test(u.hostname)) throw badAddress(input);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

function badAddress(input: string): PlanbookError {
  return new PlanbookError('BAD_REQUEST', {
    zh: `服务器地址“${input}”无效：请填写形如 https://planbook.example.gov.cn 的地址`,
    en: `"${input}" is not a server address: enter one like https://planbook.example.gov.cn`,
  });
}
