import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { startTestServer, TestClient, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';

let store: TestStore;
let server: TestServer;

async function signedIn(username: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  await client.signIn(username, TEST_PASSWORD);
  return client;
}

const codes = (answer: { body: { items: { code: string }[] } }) => answer.body.items.map((item) => item.code);

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await createPerson(store.db, 'leader.d', 'leader', { areaCode: 'D' });
  await createPerson(store.db, 'officer.water', 'department_officer', { departmentCode: 'WATER' });
  await createPerson(store.db, 'resident.g11', 'resident', { areaCode: 'G11' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('departments in sight', () => {
  it("a street dispatcher sees the district's departments and their own street's offices, not another street's", async () => {
    const dispatcher = await signedIn('dispatcher.s1');
    expect(codes(await dispatcher.get('/api/v1/departments'))).toEqual(['URBAN', 'WATER', 'S1-LAW']);
    expect(codes(await dispatcher.get('/api/v1/departments?kind=street_office'))).toEqual(['S1-LAW']);
    expect((await dispatcher.get('/api/v1/departments/S2-LAW')).status).toBe(404);
    expect((await dispatcher.get('/api/v1/departments/WATER')).body).toEqual({
      code: 'WATER',
      name: '区水务局',
      nameEn: 'Water Affairs',
      kind: 'district_department',
      areaCode: 'D',
    });
  });

  it('a district leader sees every department and office', async () => {
    const leader = await signedIn('leader.d');
    expect(codes(await leader.get('/api/v1/departments'))).toEqual(['URBAN', 'WATER', 'S1-LAW', 'S2-LAW']);
  });

  it('a department officer sees the departments of the district their department serves', async () => {
    const officer = await signedIn('officer.water');
    expect(codes(await officer.get('/api/v1/departments'))).toContain('WATER');
  });

  it('a resident may not list departments', async () => {
    const resident = await signedIn('resident.g11');
    expect((await resident.get('/api/v1/departments')).status).toBe(403);
  });

  it('an unknown kind is refused', async () => {
    const leader = await signedIn('leader.d');
    const answer = await leader.get('/api/v1/departments?kind=bureau');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('kind');
  });
});
