// `npm run soak`: the kill soak, longer than the suite's run. SOAK_KILLS (default 1000) SIGKILLs
// of a real server while providers type; SOAK_SEED replays one run. Exit 1 if an acknowledged
// edit was lost or a replica diverged.
import { describeKillSoak, runKillSoak } from '../tests/helpers/soak.ts';

const kills = Number(process.env.SOAK_KILLS ?? 1000);
const seed = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const result = await runKillSoak({ kills, seed, log: (line) => console.log(line), reportEvery: 50 });
console.log(describeKillSoak(result));
const failed = result.lost.length > 0 || result.divergent > 0 || result.unexpectedAcks > 0;
if (result.lost.length > 0) console.log(`lost tokens: ${result.lost.slice(0, 50).join(' ')}`);
process.exit(failed ? 1 : 0);
