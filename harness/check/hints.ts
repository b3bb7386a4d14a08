// One-line hints of the usual cause of a failure, per check name, in Korean and English: what
// `labcheck check` tells a student under each failure. Every name here is a check of the registry
// (harness/checks/registry.ts), and every check a scenario uses has a hint in both languages
// (both tested in test/check/hints.test.ts).
import type { ErrorKind } from '../judge/error-kind.js';

export type Language = 'ko' | 'en';
export type Hint = Record<Language, string>;

export const CHECK_HINTS: Record<string, Hint> = {
  echoes: {
    ko: '메시지를 받은 그대로 돌려보내야 합니다 (decode/encode, strip, upper 등으로 바꾸지 않았는지 확인하세요)',
    en: 'send back exactly the bytes you received (no decode/encode round trip, strip, upper, or added text)',
  },
  'datagram-echoes': {
    ko: '받은 데이터그램을 그대로, 보낸 주소(recvfrom이 돌려준 주소)로 돌려보내야 합니다',
    en: 'send each datagram back unchanged to the address recvfrom() returned',
  },
  replies: {
    ko: '요청마다 정해진 형식의 응답을 보내야 합니다 (줄바꿈, 공백, 대소문자, 인코딩을 확인하세요)',
    en: 'answer each request in the exact format the lab asks for (check newlines, spaces, case and encoding)',
  },
  'closes-connection': {
    ko: '클라이언트가 연결을 닫으면(recv가 b\'\'를 돌려주면) 반복을 멈추고 소켓을 close() 해야 합니다',
    en: "when recv() returns b'' the client has closed: leave the loop and close() the connection socket",
  },
  'no-traceback': {
    ko: '예외로 프로그램이 죽지 않아야 합니다 (ConnectionResetError 등은 try/except로 처리하세요)',
    en: 'the program must not die of an exception (handle ConnectionResetError and the like with try/except)',
  },
  'no-busy-loop': {
    ko: '클라이언트가 떠난 뒤에도 recv/send를 계속 부르는 반복이 있습니다: b\'\'를 받으면 반복을 끝내세요',
    en: "a loop keeps calling recv/send after the client left: end the loop when recv() returns b''",
  },
  prints: {
    ko: '과제가 요구하는 내용을 화면에 출력해야 합니다 (print 문의 내용과 위치를 확인하세요)',
    en: 'print what the lab asks for (check the text of your print() calls and where they are)',
  },
  'sends-ctime': {
    ko: '접속마다 현재 시각을 time.ctime() 형식으로 보내야 합니다 (accept를 반복하는지, 다른 형식이나 시간대로 바꾸지 않았는지 확인하세요)',
    en: 'every connection gets the current time as time.ctime() formats it (accept in a loop; no other format or time zone)',
  },
  'counts-connections': {
    ko: '접속할 때마다 방문자 수를 1씩 늘려 그 번호를 메시지에 넣어야 합니다 (카운터를 반복 밖에서 초기화하세요)',
    en: "count every connection and put the number in that connection's message (initialise the counter outside the loop)",
  },
  'quits-on-input': {
    ko: '종료 입력(예: q)을 받으면 소켓을 닫고 프로그램을 끝내야 합니다',
    en: 'on the quit input (e.g. q) close the socket and end the program',
  },
  'ends-after-server-close': {
    ko: '서버가 연결을 닫으면(recv가 b\'\'를 돌려주면) 클라이언트도 끝나야 합니다',
    en: "when the server closes (recv() returns b''), the client must end too",
  },
  'client-round-trip': {
    ko: '입력한 줄을 서버로 보내고, 받은 응답을 출력해야 합니다 (줄마다 send 후 recv)',
    en: 'send each typed line to the server and print the reply it gets (send, then recv, for each line)',
  },
  'module-api': {
    ko: '모듈의 클래스/함수 이름과 인자가 과제에 적힌 대로인지 확인하세요',
    en: "check that the module's class and function names and arguments are the ones the lab specifies",
  },
  'sends-file': {
    ko: '파일 이름을 보낸 뒤 파일 내용을 바이너리 모드(rb)로 끝까지 보내야 합니다',
    en: "send the file name, then the file's whole content read in binary mode ('rb')",
  },
  'saves-file': {
    ko: '받은 데이터를 바이너리 모드(wb)로 끝까지 저장하고 파일을 닫아야 합니다 (recv 크기보다 큰 파일도)',
    en: "save everything received in binary mode ('wb') and close the file (also for files larger than one recv)",
  },
  'ready-first': {
    ko: '받는 쪽이 먼저 준비 메시지를 보내야 합니다',
    en: 'the receiver must send its ready message first',
  },
  'sends-file-udp': {
    ko: "파일 이름을 보내고 'OK'를 받은 뒤, 정해진 크기 이하의 조각으로 보내고 마지막에 빈 데이터그램을 보내야 합니다",
    en: "send the file name, wait for 'OK', then the file in chunks of at most the set size, then an empty datagram",
  },
  'acks-each-chunk': {
    ko: "받은 조각을 저장한 뒤 조각마다 'ACK'를 보내야 합니다",
    en: "answer each chunk with 'ACK' after saving it",
  },
  'stop-and-wait': {
    ko: '이전 조각의 ACK를 받은 뒤에만 다음 조각을 보내야 합니다',
    en: 'send the next chunk only after the ACK of the previous one',
  },
  converts: {
    ko: "(숫자, 'd'|'b') 튜플을 pickle로 받아, 다른 진법으로 바꾼 숫자를 pickle로 보내야 합니다",
    en: "unpickle the (number, 'd'|'b') tuple and send back the number in the other base, pickled",
  },
  'client-converts': {
    ko: '입력한 숫자와 진법을 튜플로 pickle 해서 보내고, 받은 결과를 출력해야 합니다',
    en: 'pickle the typed number and base as a tuple, send it, and print the converted number received',
  },
  'frame-format': {
    ko: "frame()은 f'{start_ch:c}{addr:02d}{seqNo:04d}{len(msg):04d}{msg}' 형식의 문자열을 돌려줘야 합니다 (자릿수와 0 채우기를 확인하세요)",
    en: "frame() must return f'{start_ch:c}{addr:02d}{seqNo:04d}{len(msg):04d}{msg}' (check the widths and zero padding)",
  },
  'video-frames-sent': {
    ko: "각 프레임을 struct.pack('Q', len(data)) 8바이트 길이 + pickle.dumps(frame)으로 보내세요 (카메라 프레임 그대로, 폭 640, 순서대로; '!Q'처럼 빅엔디언으로 바꾸지 마세요)",
    en: "send each frame as struct.pack('Q', len(data)) (8 bytes) + pickle.dumps(frame): the camera's frame as is, 640 wide, in order (no big-endian '!Q')",
  },
  'video-frames-shown': {
    ko: '길이(8바이트)만큼 모일 때까지 recv를 반복해서 프레임을 잘라내고, 남은 바이트는 다음 프레임에 쓰세요 (recv 한 번에 한 프레임이 오지 않습니다)',
    en: 'keep calling recv() until the 8-byte length and then that many bytes have arrived, and keep the extra bytes for the next frame (one recv() is not one frame)',
  },
  'frames-sent': {
    ko: '메시지를 정해진 길이의 조각으로 나누어 1부터 번호를 붙인 프레임으로 보내야 합니다',
    en: 'split the message into payloads of the set size and send them as frames numbered from 1',
  },
  'recovers-message': {
    ko: '에코로 받은 프레임들에서 헤더를 떼고 원래 메시지를 복원해 출력해야 합니다 (recv 한 번에 다 오지 않을 수 있습니다)',
    en: 'strip the headers of the echoed frames and print the restored message (one recv() may not hold it all)',
  },
  'modbus-reply': {
    ko: '응답의 Transaction ID와 Unit ID는 요청과 같게, Protocol ID는 0, Length는 그 뒤 바이트 수로 만드세요 (요청이 여러 번의 recv로 나뉘어 올 수 있습니다)',
    en: 'echo the transaction and unit id, protocol id 0, Length = the bytes after it (a request may arrive in several recv() calls)',
  },
  'master-request': {
    ko: "요청 패킷은 struct.pack('>HHHBBHH', 트랜잭션ID, 0, 6, 유닛ID, 기능코드, 시작번지, 개수/값) 순서입니다",
    en: "a request is struct.pack('>HHHBBHH', transaction id, 0, 6, unit id, function code, address, count or value)",
  },
  'prints-registers': {
    ko: '응답으로 받은 레지스터 값들을 모두 화면에 출력해야 합니다 (응답을 받은 뒤에)',
    en: 'print every register value of the reply (after it arrived)',
  },
  acks: {
    ko: "받은 메시지마다 'ACK'를 recvfrom이 돌려준 주소로 보내야 합니다 (손실로 처리한 메시지에는 응답하지 않습니다)",
    en: "answer each message you keep with 'ACK' sent to the address recvfrom() returned (no reply to a message you drop)",
  },
  'loss-rate': {
    ko: '메시지의 약 30%를 응답 없이 버려야 합니다 (random.randint(1, 10) <= 3 처럼)',
    en: 'drop about 30 % of the messages without a reply (e.g. random.randint(1, 10) <= 3)',
  },
  'acks-or-naks': {
    ko: "메시지마다 정확히 한 번, 오류를 흉내 낼 때는 'NAK', 아니면 'ACK'로 응답해야 합니다 (응답 없이 버리면 안 됩니다)",
    en: "answer every message exactly once: 'NAK' when you simulate an error, else 'ACK' (never drop it silently)",
  },
  'stop-and-wait-messages': {
    ko: '메시지를 하나 보내고 ACK를 받은 뒤에 다음 메시지를 보내야 합니다 (ACK를 받은 메시지를 다시 보내지 마세요)',
    en: 'send a message, wait for its ACK, then send the next one (never resend a message that was ACKed)',
  },
  'retransmits-unchanged': {
    ko: '타임아웃(socket.timeout)이 나면 같은 메시지를 그대로 다시 보내야 합니다',
    en: 'when the wait times out (socket.timeout), send the same message again, unchanged',
  },
  'backs-off': {
    ko: '응답이 없을 때마다 대기 시간을 두 배로 늘려야 합니다: settimeout(0.1), 0.2, 0.4, 0.8, 1.6',
    en: 'double the wait after each timeout: settimeout(0.1), then 0.2, 0.4, 0.8, 1.6',
  },
  'gives-up': {
    ko: '대기 시간이 2초를 넘으면(5번 보낸 뒤) 그 메시지의 재전송을 멈춰야 합니다',
    en: 'stop resending a message once the wait would pass 2 s (after 5 sends)',
  },
  'resends-on-nak': {
    ko: "'NAK'를 받으면 같은 메시지를 다시 보내고, 'ACK'를 받으면 다음 메시지를 보내야 합니다",
    en: "on 'NAK' send the same message again; on 'ACK' send the next one",
  },
  'every-copy-prints': {
    ko: "수신 프로그램 두 개가 같은 포트를 쓰려면 bind() 전에 setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)을 하고, ('', 10000)에 bind 해서 받은 메시지를 모두 출력해야 합니다",
    en: "to run two receivers on one port, setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) before bind(), bind ('', 10000), and print every message received",
  },
  'reaches-every-receiver': {
    ko: "setsockopt(SOL_SOCKET, SO_BROADCAST, 1)을 하고 ('<broadcast>', 10000)으로 보내야 모든 수신 프로그램이 받습니다 (127.0.0.1로 보내면 하나만 받습니다)",
    en: "setsockopt(SOL_SOCKET, SO_BROADCAST, 1) and send to ('<broadcast>', 10000) so every receiver gets it (a datagram to 127.0.0.1 reaches only one)",
  },
  'group-acks': {
    ko: "bind(('', 5005)) 전에 SO_REUSEADDR를 설정하고, IP_ADD_MEMBERSHIP으로 224.0.0.255 그룹에 가입한 뒤, 받은 메시지를 출력하고 보낸 주소로 'ACK'를 보내야 합니다",
    en: "set SO_REUSEADDR before bind(('', 5005)), join 224.0.0.255 with IP_ADD_MEMBERSHIP, print each message and send 'ACK' to the address recvfrom() returned",
  },
  'ignores-other-groups': {
    ko: '가입하지 않은 그룹으로 온 메시지에는 응답하지 않아야 합니다 (실습의 그룹 224.0.0.255에만 가입하세요)',
    en: 'do not answer messages to groups you did not join (join only the lab group 224.0.0.255)',
  },
  'reaches-group': {
    ko: "메시지를 그룹 주소 ('224.0.0.255', 5005)로 보내고, setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, struct.pack('B', 2))로 TTL을 2로 설정해야 합니다",
    en: "send each message to the group address ('224.0.0.255', 5005) and set the TTL to 2 with setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, struct.pack('B', 2))",
  },
  'prints-acks': {
    ko: '메시지를 보낸 뒤 타임아웃이 날 때까지 recvfrom()을 반복해 모든 수신자의 ACK를 출력해야 합니다',
    en: 'after sending, call recvfrom() in a loop until it times out, printing the ACK of every receiver',
  },
  // video-udp
  'reassembles-frames': {
    ko: '조각은 도착 순서가 아니라 첫 바이트(인덱스, data[0])의 자리에 넣고, 인덱스 19를 받으면 20개를 순서대로 합쳐 표시/저장해야 합니다',
    en: 'place each chunk at its index byte (data[0]), not in arrival order; at index 19 join the 20 chunks in index order, then show/write the frame',
  },
  'sends-frame-chunks': {
    ko: '프레임(640x480x3)을 46080 바이트씩 20개로 나누어, 인덱스 0..19 한 바이트를 앞에 붙여 보내야 합니다',
    en: 'cut each 640x480x3 frame into 20 chunks of 46080 bytes and send each with a 1-byte index 0..19 in front',
  },
  'streams-wav': {
    ko: "wf.readframes(CHUNK)로 읽은 바이트를 pickle.dumps 하고, 그 길이를 struct.pack(\"Q\", len(a)) 8바이트로 앞에 붙여 sendall 해야 합니다",
    en: 'pickle.dumps the bytes of wf.readframes(CHUNK) and send them after their length as struct.pack("Q", len(a)) (8 bytes), with sendall',
  },
  'plays-audio': {
    ko: "길이(8바이트 'Q')만큼 다 받을 때까지 recv를 반복한 뒤 pickle.loads 한 청크를 순서대로 빠짐없이 stream.write 해야 합니다",
    en: "recv until the whole length (8-byte 'Q') has come, then pickle.loads the chunk and stream.write every chunk, in order",
  },
};

/** The run never got to what the checks judge: a step waited in vain (judge.ts's `run-completes`). */
export const RUN_COMPLETES_HINT: Hint = {
  ko: '프로그램이 기다리던 동작(응답, 연결 종료 등)을 하지 않아 시나리오가 끝까지 진행되지 못했습니다',
  en: 'the program did not do what the scenario was waiting for (an answer, a close, ...), so the run stopped early',
};

/** A program that could not be run at all, by why. */
export const START_HINTS: Partial<Record<ErrorKind, Hint>> = {
  'syntax-error': {
    ko: '문법 오류로 프로그램이 실행되지 않았습니다: 표시된 줄을 고치고 python3로 직접 실행해 보세요',
    en: 'a syntax error stops the program before it runs: fix the line shown and try it with python3 yourself',
  },
  'import-error': {
    ko: '필요한 모듈을 import 하지 못했습니다: 모듈 이름과, 같은 폴더에 있어야 하는 파일을 확인하세요',
    en: 'a module could not be imported: check its name, and that any file of yours it needs is in the same folder',
  },
  'crashed-at-start': {
    ko: '프로그램이 네트워크를 쓰기 전에 끝났습니다: 마지막 오류 줄을 확인하세요',
    en: 'the program ended before it used the network: look at the last error line',
  },
  'cannot-start': {
    ko: '프로그램을 시작할 수 없었습니다: python3가 설치되어 있는지 확인하세요',
    en: 'the program could not be started: check that python3 is installed',
  },
  'not-listening': {
    ko: '서버가 과제의 포트에서 listen() 하지 않았습니다: bind/listen 과 포트 번호를 확인하세요',
    en: "the server never called listen() on the lab's port: check bind()/listen() and the port number",
  },
  'not-bound': {
    ko: 'UDP 서버가 과제의 포트에 bind() 하지 않았습니다: 포트 번호를 확인하세요',
    en: "the UDP server never bound the lab's port: check bind() and the port number",
  },
};

/** The error kinds where the program never got going (every scenario alike): explained once per lab:role. */
export const START_KINDS: readonly ErrorKind[] = ['syntax-error', 'import-error', 'crashed-at-start', 'cannot-start', 'not-listening', 'not-bound'];

export function checkHint(check: string, lang: Language): string | undefined {
  if (check === 'run-completes') return RUN_COMPLETES_HINT[lang];
  return CHECK_HINTS[check]?.[lang];
}
