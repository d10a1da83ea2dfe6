// DAO governance through @polkadot/api, the client library polkadot.js apps is built on, against
// a running dev node (development track timing):
//
// 1. the metadata has the Governance pallets apps' pages use, DGrid's five tracks, and docs on
//    every call, storage item, event, error and constant of DGrid's pallets;
// 2. a `parameters` referendum changes a protocol parameter, and a `treasury` referendum pays a
//    spend: each proposal is noted as a preimage, submitted with its track's origin, given its
//    decision deposit and voted on by three accounts, as apps does it; the test waits for the
//    enactment and checks the new value and the exact balances.
//
// Usage: node governance.mjs ws://127.0.0.1:9944
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import assert from 'node:assert/strict';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
const DGRID = 10n ** 12n;
const STAKE = 100_000n * DGRID;
const TIMEOUT_MS = 150_000;
const started = Date.now();

const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...args);

/** Sign and send `tx` as `who`; resolve with the events once it is in a block, reject on a
 * dispatch error. */
function send(api, tx, who) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(who, ({ status, events, dispatchError }) => {
      if (dispatchError) {
        const why = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
        reject(new Error(`${tx.method.section}.${tx.method.method} failed: ${why}`));
      } else if (status.isInBlock) {
        resolve(events);
      }
    }).catch(reject);
  });
}

/** Wait until `check()` is true, checking at every new block. */
async function until(api, what, check) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => {
      let unsub;
      api.rpc.chain.subscribeNewHeads(() => { unsub?.(); resolve(); }).then((u) => { unsub = u; });
    });
  }
}

function checkMetadata(api) {
  for (const pallet of ['referenda', 'convictionVoting', 'scheduler', 'preimage']) {
    assert.ok(api.tx[pallet], `the ${pallet} pallet is in the runtime`);
  }
  const names = api.consts.referenda.tracks.map(([, info]) => info.name.toString().replace(/\0+$/, ''));
  assert.deepEqual(names, ['root', 'parameters', 'treasury', 'model_curation', 'dispute_jury']);

  const meta = api.runtimeMetadata.asLatest;
  const lookup = api.registry.lookup;
  let checked = 0;
  for (const pallet of meta.pallets) {
    const name = pallet.name.toString();
    if (!['Dao', 'Market', 'NodeStaking', 'Origins', 'Poq'].includes(name)) continue;
    const variants = (type) => (type.isSome ? lookup.getSiType(type.unwrap().type).def.asVariant.variants : []);
    for (const [kind, items] of [
      ['call', variants(pallet.calls)],
      ['event', variants(pallet.events)],
      ['error', variants(pallet.errors)],
      ['storage', pallet.storage.isSome ? pallet.storage.unwrap().items : []],
      ['constant', pallet.constants],
    ]) {
      for (const item of items) {
        const docs = item.docs.map((d) => d.toString()).join(' ').trim();
        assert.ok(docs.length > 0, `${name} ${kind} ${item.name} has docs`);
        checked += 1;
      }
    }
  }
  assert.ok(checked > 100, `docs checked on ${checked} items`);
  log(`metadata: governance pallets, 5 tracks, docs on ${checked} DGrid items`);
}

/** Note `call` as a preimage and open a referendum for it on `origin`'s track with its decision
 * deposit; returns the referendum index. */
async function propose(api, alice, call, origin) {
  const bytes = call.method.toHex();
  await send(api, api.tx.preimage.notePreimage(bytes), alice);
  const len = call.method.encodedLength;
  const events = await send(
    api,
    api.tx.referenda.submit(origin, { Lookup: { hash: call.method.hash, len } }, { After: 1 }),
    alice,
  );
  const submitted = events.find(({ event }) => api.events.referenda.Submitted.is(event));
  assert.ok(submitted, 'referenda.Submitted');
  const index = submitted.event.data.index.toNumber();
  await send(api, api.tx.referenda.placeDecisionDeposit(index), alice);
  log(`referendum ${index} on ${JSON.stringify(origin)}: ${call.method.section}.${call.method.method}`);
  return index;
}

async function vote(api, voters, index) {
  const ballot = { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: STAKE } };
  await Promise.all(voters.map((who) => send(api, api.tx.convictionVoting.vote(index, ballot), who)));
  log(`referendum ${index}: ${voters.length} ayes of ${STAKE / DGRID} DGRID each`);
}

async function approved(api, index) {
  const info = await api.query.referenda.referendumInfoFor(index);
  return info.isSome && info.unwrap().isApproved;
}

async function main() {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, bob, charlie, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Ferdie'].map((s) => keyring.addFromUri(s));

  checkMetadata(api);

  const before = (await api.query.dao.parametersInForce()).unwrap();
  const newChallenge = before.challengePeriod.toNumber() + 4;
  // The treasury account: "modl" ++ the pallet id, zero-padded (PalletId::into_account_truncating).
  const treasury = api.registry.createType(
    'AccountId',
    u8aConcat(stringToU8a('modl'), api.consts.dao.treasuryPalletId.toU8a(), new Uint8Array(20)),
  );
  const spend = 1_000n * DGRID;
  const ferdieBefore = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
  const treasuryBefore = (await api.query.system.account(treasury)).data.free.toBigInt();

  const paramsRef = await propose(
    api, alice, api.tx.dao.setParameter({ ChallengePeriod: newChallenge }), { Origins: 'Parameters' },
  );
  const spendRef = await propose(
    api, alice, api.tx.dao.spend(spend, ferdie.address), { Origins: 'Treasury' },
  );
  await vote(api, [alice, bob, charlie], paramsRef);
  await vote(api, [alice, bob, charlie], spendRef);

  await until(api, 'the parameter change', async () =>
    (await api.query.dao.parametersInForce()).unwrap().challengePeriod.toNumber() === newChallenge);
  log(`enacted: challenge period ${before.challengePeriod.toNumber()} -> ${newChallenge} blocks`);
  const after = (await api.query.dao.parametersInForce()).unwrap();
  for (const [field, value] of Object.entries(before.toJSON())) {
    if (field !== 'challengePeriod') assert.deepEqual(after.toJSON()[field], value, `${field} unchanged`);
  }
  assert.ok(await approved(api, paramsRef), 'the parameters referendum is approved');

  await until(api, 'the treasury spend', async () =>
    (await api.query.system.account(ferdie.address)).data.free.toBigInt() === ferdieBefore + spend);
  const treasuryAfter = (await api.query.system.account(treasury)).data.free.toBigInt();
  assert.equal(treasuryAfter, treasuryBefore - spend, 'the treasury paid exactly the spend');
  assert.ok(await approved(api, spendRef), 'the treasury referendum is approved');
  log(`enacted: treasury paid Ferdie ${spend / DGRID} DGRID`);

  await api.disconnect();
  log('governance test passed');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
