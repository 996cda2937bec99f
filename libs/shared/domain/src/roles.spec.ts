import { ROLES } from './roles.js';

describe('roles', () => {
  it('lists the five roles', () => {
    expect(ROLES).toEqual(['admin', 'coordinator', 'validator', 'focal_point', 'auditor']);
  });
});
