import type { CapturedMail } from '../dev-mail.server.js';
import type { CapturedMailDto } from './mail.dto.js';

export function toCapturedMailDto(mail: CapturedMail): CapturedMailDto {
  return { id: mail.id, from: mail.from, to: [...mail.to], subject: mail.subject, text: mail.text, receivedAt: mail.receivedAt };
}
