// A node-smpp (smpp@0.5.1) ESME for interop tests: binds as transceiver to 127.0.0.1:PORT, submits COUNT wake-up
// messages (UDH 06 05 04 + 20 octets, data_coding 4, registered_delivery 1), waits for every response, every receipt
// and MO_COUNT MO messages, then unbinds. One JSON line per event on stdout; exits 0 when everything arrived.
//   node esme.js PORT SYSTEM_ID PASSWORD COUNT MO_COUNT
'use strict';
const smpp = require('smpp');

const [port, systemId, password, countText, moText] = process.argv.slice(2, 7);
const count = Number(countText);
const moCount = Number(moText);
const out = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const responses = [];
const receipts = [];
const mos = [];

const session = smpp.connect({ url: `smpp://127.0.0.1:${port}`, auto_enquire_link_period: 10000 });
const finishIfDone = () => {
  if (responses.length === count && receipts.length === count && mos.length === moCount) {
    session.unbind(() => { out({ event: 'done' }); session.close(); process.exit(0); });
  }
};
session.on('deliver_sm', (pdu) => {
  session.send(pdu.response());
  const text = Buffer.isBuffer(pdu.short_message) ? pdu.short_message.toString('latin1')
    : (pdu.short_message && pdu.short_message.message !== undefined ? String(pdu.short_message.message) : '');
  if (pdu.esm_class & 0x04) {
    const tlvId = pdu.receipted_message_id;
    receipts.push(tlvId || text);
    out({ event: 'receipt', receipted_message_id: tlvId || null, message_state: pdu.message_state || null, text });
  } else {
    mos.push(text);
    out({ event: 'mo', source_addr: pdu.source_addr, destination_addr: pdu.destination_addr, text });
  }
  finishIfDone();
});
session.on('error', (e) => { out({ event: 'error', message: String(e) }); process.exit(3); });
session.bind_transceiver({ system_id: systemId, password }, (pdu) => {
  out({ event: 'bind', status: pdu.command_status, system_id: pdu.system_id });
  if (pdu.command_status !== 0) { process.exit(2); }
  out({ event: 'bound' });
  for (let i = 0; i < count; i++) {
    const payload = Buffer.alloc(20);
    payload.writeUInt32BE(i, 16);
    session.submit_sm({ source_addr: '10657', destination_addr: '8613900000000', dest_addr_ton: 1, dest_addr_npi: 1,
      esm_class: 0x40, data_coding: 4, registered_delivery: 1,
      short_message: Buffer.concat([Buffer.from('0605040B8423F0', 'hex'), payload]) }, (resp) => {
      responses.push(resp.message_id);
      out({ event: 'submit_resp', status: resp.command_status, message_id: resp.message_id });
      finishIfDone();
    });
  }
  finishIfDone();
});
setTimeout(() => { out({ event: 'timeout', responses: responses.length, receipts: receipts.length, mos: mos.length }); process.exit(4); }, 20000);
