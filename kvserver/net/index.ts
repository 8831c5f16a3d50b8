// Host networking: a NIC carrying frames over loopback UDP, and the MAC relay that stands in for a switch.
export * from './frame-relay.js';
export * from './host-nic.js';
