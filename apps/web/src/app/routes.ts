/** Every route path of the SPA, in one place. */
export enum RoutePath {
  Login = '/login',
  Home = '/',
  Recommendations = '/recommendations',
  Recommendation = '/recommendations/:id',
  Audit = '/audit',
}

export function recommendationPath(id: string): string {
  return RoutePath.Recommendation.replace(':id', encodeURIComponent(id));
}
