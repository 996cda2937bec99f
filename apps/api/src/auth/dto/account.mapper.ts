import type { SignInRow } from '../accounts.repository.js';
import type { SignInDto, SignInPageDto } from './account.dto.js';

export function toSignInDto(row: SignInRow): SignInDto {
  return { at: new Date(row.at).toISOString(), ip: row.ip, userAgent: row.userAgent, outcome: row.outcome };
}

/** `rows` holds one more than the page when there is a next page. */
export function toSignInPageDto(rows: readonly SignInRow[], limit: number): SignInPageDto {
  const page = rows.slice(0, limit);
  return { items: page.map(toSignInDto), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}
