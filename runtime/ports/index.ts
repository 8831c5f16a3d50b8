export {
  decodeDatagram,
  encodeDatagrams,
  type Framing,
  MAX_DATAGRAM_BYTES,
  MAX_FRAME_BYTES,
} from '../../wire/framing.js';
export {
  type PeerAddress,
  type PortCounters,
  UdpPort,
  type UdpPortErrorCode,
  type UdpPortOptions,
} from '../../wire/udp-port.js';
export { type PcapFile, type PcapRecord, readPcap } from './pcap-reader.js';
export {
  type Direction,
  LINKTYPE_ETHERNET,
  nowMicros,
  PCAP_MAGIC_MICROS,
  PcapWriter,
  PortCapture,
} from './pcap-writer.js';
