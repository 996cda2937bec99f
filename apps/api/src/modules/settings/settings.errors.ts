import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { LogoRefusal } from './logo-check.js';

export const SettingsErrors = {
  /** 400 naming `file`, with `details.reason` (empty, too_large, unsupported_type, png_invalid, png_too_large, svg_invalid, svg_active_content). */
  logoRefused: (reason: LogoRefusal): AppException =>
    new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, 'The logo is refused: a PNG or a plain SVG (no scripts, no external references) of at most 200 KB', {
      fields: { file: reason === 'too_large' ? 'validation.max' : 'validation.invalid' },
      reason,
    }),

  /** 400 naming the field: a report type listed twice, or an organisation name empty in every language. */
  invalid: (field: string): AppException => AppException.validation({ [field]: 'validation.invalid' }),
};
