/** Every route path of the SPA, in one place. */
export enum RoutePath {
  Login = '/login',
  Home = '/',
  Recommendations = '/recommendations',
  Recommendation = '/recommendations/:id',
  Audit = '/audit',
  Imports = '/imports',
  ImportNew = '/imports/new',
}

export function recommendationPath(id: string): string {
  return RoutePath.Recommendation.replace(':id', encodeURIComponent(id));
}
