/**
 * The one password policy for staff accounts: every place that sets a password the user or the operator chose
 * (the password change form, `staff:create` with STAFF_PASSWORD, the models under them) asks `passwordProblem`.
 * One-time passwords are random and the demo accounts are seeded with DEMO_PASSWORD, outside this policy.
 *
 * Length alone lets "matkhau12345" and "Password1234" through, and those are the first guesses of anyone who
 * tries passwords against the sign-in form. So a password is also refused when it is one character repeated, or
 * when, compared without case, diacritics and separators, it is a common password, a common password or word
 * with digits and symbols around it (the usual way a short password is stretched to the minimum length), a run
 * of digits, letters or keys, a short group repeated, or the product's own name.
 */
import type { Dictionary } from "../i18n/index";
import { fold } from "./text";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = "tooShort" | "tooLong" | "sameCharacter" | "common";

/**
 * Common passwords and the words they are built from, folded (lower case, no diacritics, đ → d), most from the
 * published lists of leaked passwords, then Vietnamese ones, then this system's names and demo password. Short
 * entries matter too: they are what remains once digits and symbols around a password are taken off.
 */
const COMMON_LIST = `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football
monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman
1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster
soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel starwars
klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777
pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea
matthew access yankees 987654321 dallas austin thunder taylor matrix william corvette hello martin heather
secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5
patrick internet scooter orange 11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey
chicken sparky snoopy maverick phoenix camaro peanut morgan welcome falcon cowboy ferrari samsung andrea
smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo spider nascar monster tigers
yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple banana junior hannah
123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller
boston q1w2e3r4 brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight
fender barney midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard
jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter prince marine
ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321
golden 8675309 panther lauren angela thx1138 angels madison winston shannon mike toyota jordan23 canada
sophie apples tiger razz 123abc pokemon qazxsw 55555 qwaszx muffin johnson murphy cooper jonathan
david danielle 159357 jackie 1990 123456a 789456 turtle abcd1234 scorpion qazwsxedc 101010 butter carlos
password1 dennis slipknot qwerty123 booger asdf 1991 black startrek 12341234 cameron newyork rainbow nathan
john 1992 rocket viking redskins asdfghjkl 1212 sierra peaches gemini doctor wilson sandra helpme
qwertyui victor florida dolphin pookie captain tucker blue liverpool theman bandit dolphins maddog packers
jaguar lovers nicholas united tiffany maxwell zzzzzz nirvana jeremy stupid monica elephant giants
hotdog rosebud success debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t q1w2e3 123456q albert
lucky azerty 7777 alex bond007 alexis 1111111 samson 5150 willie scorpio bonnie gators
benjamin voodoo driver dexter 2112 jason calvin freddy 212121 creative 12345a sydney rush2112 1989 asdfghjk
red123 bubba 4815162342 passw0rd trouble gunner happy froggy gordon legend jessie stella qwert eminem arthur
apple nissan bear america 1qazxsw2 nothing parker 4444 rebecca qweqwe garfield 01012011 beavis 69696969
jack asdasd december 2222 102030 252525 11223344 magic apollo skippy 315475 kitten golf copper braves
shelby godzilla beaver fred tomcat august buddy airborne 1993 1988 lifehack qqqqqq brooklyn animal platinum
phantom online xavier darkness blink182 power fish green 789456123 voyager police travis 12qwaszx heaven
snowball lover abcdef 00000 pakistan 007007 walter playboy blazer cricket sniper hooters donkey willow loveme
saturn therock redwings bigboy pumpkin trinity williams nintendo digital destiny topgun runner marvin
guinness chance bubbles testing fire november minecraft asdf1234 lasvegas sergey broncos cartman private
celtic birdie little cassie babygirl donald beatles 1313 family 12121212 school louise gabriel eclipse
fluffy 147258369 lol123 explorer beer nelson flyers spencer scott lovely gibson doggie cherry andrey snickers
buffalo pantera metallica member carter qwertyu peter steve bronco paradise goober 5555 samuel
montana mexico dreams michigan carolina yankee friends magnum surfer maximus genius cool vampire
lacrosse asd123 aaaa kimberly speedy sharon carmen 111222 kristina sammy racing ou812 sabrina horses
0987654321 qwerty1 pimpin baby stalker enigma 147147 star poohbear 147258 simple 12345q
marcus brian 1987 qweasdzxc drowssap hahaha caroline barbara dave viper drummer action einstein
genesis hello1 scotty friend forest 010203 hotrod google vanessa spitfire badger maryjane friday alaska
1232323q tester jester jake champion floyd tomtom 1212121212 superstar qwe123 default changeme letmein1
administrator admin admin123 root toor guest user login welcome1 passwort motdepasse contrasena
abc12345 a123456 a12345678 aa123456 123456aa 1234567a 12345678a 123456789a a123456789 123123a 123456abc
111222333 123456789abc 147852369 123698745 zaq12wsx 1qaz2wsx3edc qwertyuiop123 iloveyou1 iloveyou123
password123 password1234 passw0rd123 p4ssw0rd p4ssword pa55word pa55w0rd

matkhau matkhaumoi matkhau123 matkhau1234 matkhau12345 matkhau123456 123456a@ 123456aa@ 12345678a@ abc@123
abc@1234 admin@123 admin@1234 root@123 hanoi@123 matkhau@123 anhyeuem emyeuanh anhyeuem123 emyeuanh123
yeuem yeuanh yeuemnhieu yeuanhnhieu iloveyouvn anhyeuemnhieu emyeuanhnhieu toiyeuem toiyeuvietnam yeuvietnam
vietnam vietnam123 vietnamvodich hanoi hanoi123 hanoi2024 hanoi2025 hanoi2026 thudo thudohanoi haiphong
danang saigon hochiminh hcm tphcm bacninh bacgiang namdinh thanhhoa nghean hue
conyeume yeume yeubame bame giadinh cuocsong hanhphuc thienthan tinhyeu tinhyeucuatoi
nguyen nguyenvan nguyenthi tran le pham hoang huynh phan vu dang bui do ho ngo duong ly
minh anh linh huong trang thu hang hoa lan mai ngoc tuan hung dung hieu hai nam long quang thanh
cchc caicachhanhchinh caicach hanhchinh sangkien sangkiencchc sangkiencaicach sangkiencaicachhanhchinh
ubnd ubndhanoi ubndtp uybannhandan hoidong hoidongthamdinh thamdinh thuky chutich canbo congchuc
quantri quantrivien taikhoan dangnhap
abc abcd xyz qwe asd zxc
demo demopassword demo123 demo1234 demouser demoaccount test123 test1234 testtest password12 changeme123
`;

const COMMON = new Set(
  COMMON_LIST.split(/\s+/)
    .filter(Boolean)
    .map((w) => fold(w)),
);

/** Runs a person types without thinking: digits, the alphabet, keyboard rows and columns, both ways. */
const RUNS = [
  "012345678901234567890123456789",
  "abcdefghijklmnopqrstuvwxyz",
  "qwertyuiopasdfghjklzxcvbnm",
  "qwertyuiop",
  "asdfghjkl",
  "zxcvbnm",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
  "1q2w3e4r5t6y7u8i9o0p",
  "qazwsxedcrfvtgbyhnujmikolp",
].flatMap((r) => [r, [...r].reverse().join("")]);

const LEET: Record<string, string> = { "@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", $: "s", "5": "s", "7": "t" };

function isRun(s: string): boolean {
  return s.length >= 4 && RUNS.some((r) => r.includes(s));
}

/** The shortest group that, repeated, makes the string ("abcabcabc" → "abc"). */
function repeatedUnit(s: string): string {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return s.slice(0, n);
  }
  return s;
}

/** Is this folded, separator-free text guessable as a whole? */
function guessable(s: string): boolean {
  const unit = repeatedUnit(s);
  return COMMON.has(s) || COMMON.has(unit) || isRun(s) || isRun(unit) || (unit !== s && unit.length <= 4);
}

/**
 * Made only of guessable parts: common words, one or two letters, short digit groups (a year, a PIN), digit runs
 * and symbols, as in "123456a@123456" or "Minh@1990#2026".
 */
function guessableParts(s: string): boolean {
  const parts = s.match(/\p{L}+|\p{N}+|[^\p{L}\p{N}]+/gu) ?? [];
  return parts.every((part) => {
    if (/^\p{L}+$/u.test(part)) return part.length <= 2 || guessable(part);
    if (/^\p{N}+$/u.test(part)) return part.length <= 4 || guessable(part);
    return true;
  });
}

/**
 * What is wrong with a new password, or null when it may be used. Length counts characters as the form does;
 * everything else compares folded text, so "MậtKhẩu-2026!!" is "matkhau" with digits around it.
 */
export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "tooShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "tooLong";
  if (/^(.)\1*$/su.test(password.normalize("NFC"))) return "sameCharacter";

  const folded = fold(password);
  const joined = folded.replace(/[\s._\-+,;:/\\|]+/g, "");
  // Digits and symbols before and after a word ("matkhau@123456", "2026Hanoi!!"), read as they are and with
  // look-alike symbols read as letters ("p@ssw0rd1234" is "password").
  const core = joined.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  const unleet = [...joined.replace(/[^\p{L}@$!]+$/u, "")]
    .map((c) => LEET[c] ?? c)
    .join("")
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  // A password of digits and symbols only has no core: its digits are judged as they are.
  if ([folded, joined, core, unleet].some((s) => s !== "" && guessable(s)) || guessableParts(joined)) return "common";
  return null;
}

/** Thrown by the models when a caller skipped the form's check: nothing is written. */
export class WeakPasswordError extends Error {
  constructor(readonly problem: PasswordProblem) {
    super(`weak_password:${problem}`);
  }
}

export function assertPasswordAllowed(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new WeakPasswordError(problem);
}

/** The form's message for a problem, in the dictionary's language. */
export function passwordProblemMessage(problem: PasswordProblem, t: Dictionary["staff"]): string {
  switch (problem) {
    case "tooShort":
      return t.password.tooShort;
    case "tooLong":
      return t.password.tooLong;
    case "sameCharacter":
      return t.passwordPolicy.sameCharacter;
    case "common":
      return t.passwordPolicy.common;
  }
}
