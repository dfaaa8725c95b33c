// Calls the users API and all five Link Migration endpoints through Junction's Node SDK; any answer the
// SDK cannot parse throws. Needs a team key with Link Migration enabled and a fitbit credential.
import { VitalClient } from '@tryvital/vital-node';

const client = new VitalClient({ apiKey: process.env.LINKOPS_TEAM_KEY, baseUrl: process.env.LINKOPS_URL ?? 'http://localhost:8080' });
const stamp = Date.now();
const u1 = await client.user.create({ clientUserId: 'sdk-a-' + stamp });
const u2 = await client.user.create({ clientUserId: 'sdk-b-' + stamp, fallbackTimeZone: 'Europe/Paris' });
console.log('create', JSON.stringify(u1));
console.log('get', JSON.stringify(await client.user.get(u2.userId)));
console.log('getAll', (await client.user.getAll({ offset: 0, limit: 10 })).total);
console.log('resolve', (await client.user.getByClientUserId('sdk-a-' + stamp)).userId === u1.userId);
const duplicate = await client.user.create({ clientUserId: 'sdk-a-' + stamp }).then(() => null, (e) => e);
if (duplicate?.statusCode !== 400) throw new Error('a duplicate client_user_id must answer 400');
console.log('duplicate ->', duplicate.statusCode, JSON.stringify(duplicate.body));
const recipe = (u, p) => ({ userId: u, accessToken: 'at-' + p, refreshToken: 'rt-' + p, providerId: 'sdk-' + p + stamp, expiresAt: 1900000000, oauthScopes: ['sleep'] });
const waited = await client.link.bulkImport({ provider: 'fitbit', connections: [recipe(u1.userId, 'x')], waitForCompletion: true });
console.log('bulkImport wait', JSON.stringify(waited));
if (waited.userIdsImported[0] !== u1.userId) throw new Error('the waited import must list its imported user');
const queued = await client.link.bulkImport({ provider: 'fitbit', connections: [recipe(u2.userId, 'y')] });
console.log('bulkImport nowait', JSON.stringify(queued));
const ops = await client.link.listBulkOps({ pageSize: 10 });
console.log('listBulkOps', JSON.stringify(ops));
console.log('providers', JSON.stringify(await client.user.getConnectedProviders(u1.userId)));
const exported = await client.link.bulkExport({ provider: 'fitbit' });
console.log('bulkExport', exported.data.length, 'connections, nextToken', exported.nextToken);
if (!exported.data.some((r) => r.userId === u1.userId && r.accessToken === 'at-x')) throw new Error('export must return the imported tokens');
console.log('bulkPause', JSON.stringify(await client.link.bulkPause({ provider: 'fitbit', userIds: [u2.userId] })));
const pull = await client.link.bulkTriggerHistoricalPull({ provider: 'fitbit', userIds: [u1.userId, u2.userId], waitForCompletion: true });
console.log('bulkTriggerHistoricalPull', JSON.stringify(pull));
console.log('get with source', JSON.stringify((await client.user.get(u1.userId)).connectedSources));
console.log('deregister', JSON.stringify(await client.user.deregisterProvider(u1.userId, 'fitbit')));
console.log('delete', JSON.stringify(await client.user.delete(u2.userId)));
