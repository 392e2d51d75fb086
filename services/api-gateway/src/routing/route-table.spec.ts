import { Route, routesOf, RouteTable } from './route-table';

const doc = (paths: Record<string, string[]>) => ({ paths: Object.fromEntries(Object.entries(paths).map(([p, ms]) => [p, Object.fromEntries(ms.map((m) => [m, {}]))])) });

describe('RouteTable', () => {
  const table = new RouteTable([
    ...routesOf('scheduling', doc({ '/appointments': ['get', 'post'], '/appointments/{id}': ['get'], '/appointments/{id}/cancel': ['post'], '/slots/{id}': ['get'], '/slots/first-available': ['get'] })),
    ...routesOf('notification', doc({ '/appointments/{id}/notifications': ['get'] })),
    ...routesOf('patient-records', doc({ '/patients/{id}/contact': ['patch'] })),
  ]);
  const owner = (method: string, path: string) => table.match(method, path)?.service;

  it('sends each path to the service that declares it, parameters matching one segment', () => {
    expect(owner('POST', '/appointments')).toBe('scheduling');
    expect(owner('get', '/appointments/a%2Fb')).toBe('scheduling');
    expect(owner('POST', '/appointments/a1/cancel')).toBe('scheduling');
    expect(owner('GET', '/appointments/a1/notifications')).toBe('notification');
    expect(owner('PATCH', '/patients/p1/contact')).toBe('patient-records');
  });

  it('prefers a literal segment to a parameter', () => {
    expect(table.match('GET', '/slots/first-available')).toEqual<Route>({ service: 'scheduling', method: 'GET', template: '/slots/first-available' });
  });

  it('knows no route a service does not declare, nor another method on a known path', () => {
    expect(owner('DELETE', '/appointments/a1')).toBeUndefined();
    expect(owner('GET', '/appointments/a1/cancel/x')).toBeUndefined();
    expect(owner('GET', '/internal/openapi.json')).toBeUndefined();
  });

  it('lists the methods a known path has, for a 405\'s Allow header', () => {
    expect(table.allowed('/appointments/a1').sort()).toEqual(['GET']);
    expect(table.allowed('/appointments').sort()).toEqual(['GET', 'POST']);
    expect(table.allowed('/nothing/here')).toEqual([]);
  });
});
