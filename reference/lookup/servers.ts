// Reference lookup servers: TCP_processs_server.py (numbers to English words) and ex 11-5
// (names to student numbers). Each message is looked up; unknown keys get the lab's answer.
import { z } from 'zod';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { closeWhenProgramCloses, onMessages, serveTcp } from '../tcp-server.js';

export const NUMBER_WORDS: Record<string, string> = {
  '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five', '6': 'six', '7': 'seven', '8': 'eight', '9': 'nine', '10': 'ten',
};
export const STUDENT_NUMBERS: Record<string, string> = { 홍길동: '20150001', 심순애: '20150002', 박문수: '20150003' };

function lookupServer(ctx: PeerContext, owner: string, table: Record<string, string>, unknown: string): RunningPeer {
  return serveTcp(ctx, owner, (conn) => {
    onMessages(conn, (data) => {
      const key = data.toString('utf8').trim();
      void conn.send(Buffer.from(table[key] ?? unknown, 'utf8'));
    });
    closeWhenProgramCloses(conn);
  });
}

export const numberLookupServer: ReferencePeer<Record<string, never>> = {
  id: 'number-lookup:server',
  summary: "answers '1'..'10' with 'one'..'ten', anything else with 'Try again'",
  port: 'lookup',
  options: z.object({}).strict(),
  start: (ctx) => lookupServer(ctx, 'reference number-lookup:server', NUMBER_WORDS, 'Try again'),
};

export const nameLookupServer: ReferencePeer<Record<string, never>> = {
  id: 'name-lookup:server',
  summary: "answers 홍길동/심순애/박문수 with 20150001/2/3, others with '이름이 없습니다'",
  port: 'lookup',
  options: z.object({}).strict(),
  start: (ctx) => lookupServer(ctx, 'reference name-lookup:server', STUDENT_NUMBERS, '이름이 없습니다'),
};
