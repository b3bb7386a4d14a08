// Every reference peer, by "<lab>:<role>".
import type { ReferencePeer } from './peer.js';
import { timeServer } from './time/server.js';
import { visitorCountServer } from './time/visitor-server.js';
import { timeClientPeer, timeFormatClient } from './time/client.js';
import { echoServer } from './echo/server.js';
import { echoClient } from './echo/client.js';
import { nameLookupServer, numberLookupServer } from './lookup/servers.js';
import { udpEchoServer } from './udp-echo/server.js';
import { udpEchoClient } from './udp-echo/client.js';
import { tcpFileSender, tcpFileUploader } from './files/tcp-sender.js';
import { tcpFileReceiver, tcpUploadReceiver } from './files/tcp-receiver.js';
import { udpFileReceiverPeer, udpFlowReceiverPeer } from './files/udp-receiver.js';
import { udpFileSenderPeer, udpFlowSenderPeer } from './files/udp-sender.js';
import { binDecServer } from './bin-dec/server.js';
import { binDecClient } from './bin-dec/client.js';
import { frameClient } from './frame/client.js';
import { modbusSlave } from './modbus/slave.js';
import { modbusMaster } from './modbus/master.js';
import { arqNakServer, arqServer } from './arq/server.js';
import { arqClient, arqNakClient } from './arq/client.js';
import { broadcastReceiver } from './broadcast/receiver.js';
import { broadcastSender } from './broadcast/sender.js';
import { multicastReceiver } from './multicast/receiver.js';
import { multicastSender } from './multicast/sender.js';
import { audioServer } from './audio/server.js';
import { audioClient } from './audio/client.js';

/** A lab whose role behaves exactly like another lab's reference uses that one. */
const ALIASES: Record<string, string> = {
  'echo-multi:server': 'echo:server',
  'mytcpserver:server': 'echo:server',
};

export const REFERENCES: ReferencePeer<any>[] = [
  timeServer, timeClientPeer, visitorCountServer, timeFormatClient, echoServer, echoClient, numberLookupServer, nameLookupServer, udpEchoServer, udpEchoClient,
  tcpFileSender, tcpFileReceiver, tcpUploadReceiver, tcpFileUploader, udpFileReceiverPeer, udpFileSenderPeer, udpFlowReceiverPeer, udpFlowSenderPeer, binDecServer, binDecClient,
  modbusSlave, modbusMaster,
  arqServer, arqNakServer, arqClient, arqNakClient,
];

export function findReference(id: string): ReferencePeer<any> | undefined {
  const target = ALIASES[id] ?? id;
  return REFERENCES.find((r) => r.id === target);
}

// frame lab
REFERENCES.push(frameClient);

// broadcast lab
REFERENCES.push(broadcastReceiver, broadcastSender);
// multicast lab
REFERENCES.push(multicastReceiver, multicastSender);
// video-udp lab
import { videoUdpReceiver } from './video/udp-receiver.js';
import { videoUdpSender } from './video/udp-sender.js';
REFERENCES.push(videoUdpReceiver, videoUdpSender);
// audio-tcp lab
REFERENCES.push(audioServer, audioClient);
// video-tcp lab
import { videoTcpClient } from './video/tcp-client.js';
import { videoTcpServer } from './video/tcp-server.js';
REFERENCES.push(videoTcpServer, videoTcpClient);
