/**
 * The benchmark's request mix. The list (search with filters) is the headline figure; facet counts
 * have their own endpoint and are measured on their own, with the filters the list URLs use.
 */
const ar = (s: string) => encodeURIComponent(s);

/** Free text in the three languages, single filters, paging and sorts. */
export const BENCH_LIST_PATHS = [
  '/api/v1/recommendations?q=torture',
  '/api/v1/recommendations?q=%C3%A9galit%C3%A9&status=in_progress',
  `/api/v1/recommendations?q=${ar('المرأة')}`,
  '/api/v1/recommendations?q=women&mechanism=UPR',
  '/api/v1/recommendations?q=enfants&theme=rights-of-the-child',
  '/api/v1/recommendations?q=justice&response=supported',
  '/api/v1/recommendations?status=implemented',
  '/api/v1/recommendations?theme=womens-rights&page=3',
  `/api/v1/recommendations?q=${ar('droits de l’homme')}&sort=-updatedAt`,
  `/api/v1/recommendations?q=${ar('الطفل')}&status=not_started`,
  '/api/v1/recommendations?q=education&theme=right-to-education',
  '/api/v1/recommendations?mechanism=UPR',
  '/api/v1/recommendations?q=disabilities&followUp=false',
  '/api/v1/recommendations?q=detention&sort=symbol&page=2',
];

/** The facets endpoint with every distinct filter of the list mix (no paging or sort: facets ignore them). */
export const BENCH_FACET_PATHS = [...new Set(BENCH_LIST_PATHS.map((p) => {
  const url = new URL(p, 'http://x');
  for (const k of ['page', 'pageSize', 'sort']) url.searchParams.delete(k);
  return `/api/v1/recommendations/facets${url.search}`;
}))];
