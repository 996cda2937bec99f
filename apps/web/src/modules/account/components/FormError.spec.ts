import { ApiError } from '../../../app/api-client';
import { fieldError } from './FormError';

describe('fieldError', () => {
  it('names the message key the API gave for a field of a validation.failed answer', () => {
    const error = new ApiError(400, { code: 'validation.failed', details: { fields: { newPassword: 'validation.passwordCommon' } } });
    expect(fieldError(error, 'newPassword')).toBe('validation.passwordCommon');
    expect(fieldError(error, 'currentPassword')).toBeUndefined();
  });

  it('names nothing for other errors', () => {
    expect(fieldError(new ApiError(400, { code: 'auth.current_password_invalid' }), 'newPassword')).toBeUndefined();
    expect(fieldError(new Error('x'), 'newPassword')).toBeUndefined();
  });
});
