// Is a prompt asking for the server's address or port? Such prompts get an empty line (the
// program's default) in every scenario (LABS.md, Decided 2026-12-01). Recognised by meaning, in
// English or Korean, also when the question was print()ed before a bare input().

/** Words that only an address or port question uses. */
const ADDRESS = /\bip\b|아이피|주소|address|\baddr\b|호스트|\bhost|\bport|포트/i;
/** "server"/"서버" alone is an address question ("서버: ", "Enter server: ")... */
const SERVER = /server|서버/i;
/** ...unless it asks for something to send to the server ("서버에 보낼 메시지: "). */
const SOMETHING_TO_SEND = /message|메[시세]지|\bmsg|보낼|보내|send|전송|문장|text|data|데이터|파일|file|내용|word|단어|숫자|입력할 값|chat|채팅/i;

/** A printed line is a question only when it reads as one ("서버 IP를 입력하세요", "Port?", "host:"),
 *  not a report such as "Connected to server 127.0.0.1". */
const ASKS = /[:?>]\s*$|입력|주세요|하세요|\benter\b|\binput\b|\btype\b/i;

export function isAddressPrompt(question: string): boolean {
  if (ADDRESS.test(question)) return true;
  return SERVER.test(question) && !SOMETHING_TO_SEND.test(question);
}

/** The line a program printed right before a bare input(): an address question? */
export function isPrintedAddressQuestion(line: string): boolean {
  return ASKS.test(line) && isAddressPrompt(line);
}
