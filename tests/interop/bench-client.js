// Benchmark client: node-smpp (smpp@0.5.1) ESME sending the 78-octet wake-up submit_sm with WINDOW outstanding for
// SECONDS (after a one-second warm-up), then prints one JSON line: sent, seconds, rate, p50_us, p99_us, cpu_us.
//   node bench-client.js PORT SYSTEM_ID PASSWORD WINDOW SECONDS
'use strict';
const smpp = require('smpp');

const [port, systemId, password, windowText, secondsText] = process.argv.slice(2, 7);
const windowSize = Number(windowText);
const seconds = Number(secondsText);
const sm = Buffer.concat([Buffer.from('0605040B8423F0', 'hex'), Buffer.alloc(20, 0x11)]);
const latencies = [];
let measuring = false;
let stopping = false;
let done = 0;
let inflight = 0;
let start = 0n;
let end = 0n;
let cpuStart = null;

const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
session.on('error', (e) => { process.stderr.write(String(e) + '\n'); process.exit(3); });
const sendOne = () => {
  inflight++;
  const t0 = process.hrtime.bigint();
  session.submit_sm({ source_addr: '10657', destination_addr: '8613900000000', dest_addr_ton: 1, dest_addr_npi: 1,
    esm_class: 0x40, data_coding: 4, registered_delivery: 0, short_message: sm }, () => {
    inflight--;
    if (measuring) { done++; latencies.push(Number(process.hrtime.bigint() - t0) / 1000); }
    if (!stopping) sendOne();
    else if (inflight === 0) finish();
  });
};
const finish = () => {
  const elapsed = Number(end - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] : 0;
  process.stdout.write(JSON.stringify({ sent: done, seconds: elapsed, rate: done / elapsed, p50_us: pct(0.5), p99_us: pct(0.99),
    client_cpu_us: cpu.user + cpu.system }) + '\n');
  process.exit(0);
};
session.bind_transceiver({ system_id: systemId, password }, (pdu) => {
  if (pdu.command_status !== 0) { process.stderr.write('bind refused\n'); process.exit(2); }
  for (let i = 0; i < windowSize; i++) sendOne();
  setTimeout(() => {
    measuring = true; start = process.hrtime.bigint(); cpuStart = process.cpuUsage();
    setTimeout(() => { measuring = false; stopping = true; end = process.hrtime.bigint(); }, seconds * 1000);
  }, 1000);
});
