// A node-smpp (smpp@0.5.1) SMSC for interop tests and the benchmark. Listens on 127.0.0.1 only.
//   node smsc.js PORT SYSTEM_ID PASSWORD [--quiet] [--undeliverable=MSISDN,...] [--no-receipt=MSISDN,...]
// Message ids count from 1 in each run (as an SMSC that restarts its counter). Receipts say UNDELIV for the
// --undeliverable numbers, and none is sent for the --no-receipt ones (lost, as in a restart).
// Prints one JSON line per event on stdout: listening, bind, submit, deliver_resp.
// stdin lines "mo SOURCE DESTINATION TEXT..." deliver an MO message to the bound session; "cpu" prints the CPU used so far.
'use strict';
const smpp = require('smpp');
const readline = require('readline');

const [port, systemId, password] = process.argv.slice(2, 5);
const quiet = process.argv.includes('--quiet');
const list = (name) => (process.argv.find((a) => a.startsWith(`--${name}=`)) || '=').split('=')[1].split(',').filter((x) => x);
const undeliverable = list('undeliverable');
const noReceipt = list('no-receipt');
const out = (event) => { if (!quiet || event.event === 'listening' || event.event === 'cpu') process.stdout.write(JSON.stringify(event) + '\n'); };
let counter = 0;
let current = null;

const server = smpp.createServer((session) => {
  const bind = (pdu) => {
    session.pause();
    const ok = pdu.system_id === systemId && pdu.password === password;
    out({ event: 'bind', command: pdu.command, system_id: pdu.system_id, ok });
    session.send(pdu.response({ command_status: ok ? 0 : smpp.ESME_RINVPASWD, system_id: 'NODESMSC' }));
    if (ok) current = session;
    session.resume();
  };
  session.on('bind_transceiver', bind);
  session.on('bind_transmitter', bind);
  session.on('bind_receiver', bind);
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => { out({ event: 'unbind' }); session.send(pdu.response()); session.close(); });
  session.on('submit_sm', (pdu) => {
    const messageId = (++counter).toString(16).toUpperCase().padStart(8, '0');
    session.send(pdu.response({ message_id: messageId }));
    if (quiet) return;
    const sm = Buffer.isBuffer(pdu.short_message) ? pdu.short_message : (pdu.short_message && pdu.short_message.message !== undefined
      ? Buffer.concat([pdu.short_message.udh ? Buffer.concat(pdu.short_message.udh.map((u) => Buffer.concat([Buffer.from([u.length]), u]))) : Buffer.alloc(0), Buffer.from(pdu.short_message.message)])
      : Buffer.alloc(0));
    out({ event: 'submit', message_id: messageId, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr,
      esm_class: pdu.esm_class, data_coding: pdu.data_coding, registered_delivery: pdu.registered_delivery });
    if ((pdu.registered_delivery & 0x03) && !noReceipt.includes(pdu.destination_addr)) {
      // Receipt id in decimal, as many SMSCs write it, while submit_sm_resp gave hex.
      const decimal = parseInt(messageId, 16).toString(10);
      const failed = undeliverable.includes(pdu.destination_addr);
      const text = `id:${decimal} sub:001 dlvrd:${failed ? '000' : '001'} submit date:2501010000 done date:2501010000 stat:${failed ? 'UNDELIV' : 'DELIVRD'} err:${failed ? '001' : '000'} text:`;
      session.deliver_sm({ source_addr: pdu.destination_addr, destination_addr: pdu.source_addr, esm_class: 0x04,
        short_message: text }, (resp) => out({ event: 'deliver_resp', kind: 'receipt', status: resp.command_status }));
    }
  });
  session.on('error', () => {});
});
server.on('error', (e) => { process.stderr.write(String(e) + '\n'); process.exit(1); });
server.listen(Number(port), '127.0.0.1', () => out({ event: 'listening', port: Number(port) }));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const parts = line.trim().split(/\s+/);
  if (parts[0] === 'cpu') { const c = process.cpuUsage(); out({ event: 'cpu', us: c.user + c.system }); return; }
  if (parts[0] !== 'mo' || parts.length < 4 || !current) return;
  current.deliver_sm({ source_addr: parts[1], destination_addr: parts[2], esm_class: 0, data_coding: 0,
    short_message: parts.slice(3).join(' ') }, (resp) => out({ event: 'deliver_resp', kind: 'mo', status: resp.command_status }));
});
process.on('SIGTERM', () => process.exit(0));
