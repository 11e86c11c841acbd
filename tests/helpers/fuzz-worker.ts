// Worker thread entry of the frame fuzzer: the fuzzer's CPU stays off the event loop of the
// test (where the canary editor measures its latency). Started by FuzzWorker below.
import { parentPort, workerData } from 'node:worker_threads';
import { FrameFuzzer, type FuzzPlan, type FuzzTarget } from './frame-fuzzer.ts';

const { target, plan } = workerData as { target: FuzzTarget; plan: FuzzPlan };
const fuzzer = new FrameFuzzer(target, plan);

parentPort!.on('message', (message: { type: 'fuzz'; frames: number } | { type: 'stop' }) => {
  if (message.type === 'fuzz') {
    fuzzer.run(message.frames).then(
      () => parentPort!.postMessage({ type: 'done', stats: fuzzer.stats }),
      (error: unknown) => parentPort!.postMessage({ type: 'error', message: String(error) }),
    );
  } else {
    fuzzer.close();
    parentPort!.postMessage({ type: 'stopped', stats: fuzzer.stats });
  }
});
