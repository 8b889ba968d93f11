import type { InjectionCategory } from './injection-rules.js';

/** `[id, category, weight, gate, pattern source]`, the shape of `injection-rules.ts`. */
export type RuleSpec = readonly [id: string, category: InjectionCategory, weight: number, gate: string, source: string];

/**
 * The canonical injection phrases ("ignore the previous instructions", "show your system prompt",
 * "from now on you are…", "without restrictions", "new instructions") in languages the main rule
 * list does not cover. Latin-script languages are written for the folded view (lower case, no
 * diacritics: Turkish ı → i; Polish ł and Vietnamese đ stay), the others for the plain view.
 */
export const MULTILINGUAL_FOLDED: readonly RuleSpec[] = [
  // Dutch
  [
    'nl_override',
    'instruction_override',
    0.6,
    'negeer vergeet negeren vergeten & ~instructie ~regels ~opdracht ~richtlijn ~aanwijzing',
    String.raw`\b(?:negeer|vergeet|negeren|vergeten)\b[^.!?\n]{0,30}?\b(?:vorige|eerdere|voorgaande|bovenstaande|oorspronkelijke|alle|je|jouw|uw)\b[^.!?\n]{0,20}?\b(?:instructies|regels|opdrachten|richtlijnen|aanwijzingen)\b`,
  ],
  [
    'nl_forget_all',
    'instruction_override',
    0.5,
    'vergeet',
    String.raw`\bvergeet (?:alles|al je|alle) (?:wat|instructies|regels)\b`,
  ],
  [
    'nl_stop_following',
    'instruction_override',
    0.5,
    'volg gehoorzaam & ~regels ~instructies',
    String.raw`\b(?:volg|gehoorzaam) (?:de|je|jouw|uw) (?:regels|instructies)\b[^.!?\n]{0,60}?\bniet (?:meer|langer)\b`,
  ],
  [
    'nl_reveal',
    'system_prompt_extraction',
    0.6,
    'laat toon geef herhaal print vertel & ~systeem ~instructies',
    String.raw`\b(?:laat|toon|geef|herhaal|print|vertel)\b[^.!?\n]{0,30}?\b(?:systeemprompt|systeem ?prompt|systeeminstructies|(?:oorspronkelijke|eerste|verborgen|geheime) instructies|instructies die je[^.!?\n]{0,30}gekregen)\b`,
  ],
  [
    'nl_now',
    'role_manipulation',
    0.3,
    'nu',
    String.raw`\b(?:vanaf nu|van nu af aan) (?:ben|bent|moet|zul|antwoord)\b|\bje bent nu\b`,
  ],
  [
    'nl_unbound',
    'jailbreak',
    0.35,
    'zonder',
    String.raw`\bzonder (?:enige |alle |welke )?(?:beperkingen|filters|regels|censuur|restricties)\b`,
  ],
  [
    'nl_new_task',
    'instruction_override',
    0.35,
    'nieuwe',
    String.raw`\b(?:nieuwe instructies|(?:je|jouw) nieuwe taak)\b`,
  ],
  // Polish
  [
    'pl_override',
    'instruction_override',
    0.6,
    'zignoruj ignoruj zapomnij pomin & ~instrukc ~polece ~zasad ~regu ~wytyczn',
    String.raw`\b(?:zignoruj|ignoruj|zapomnij|pomin)\b[^.!?\n]{0,30}?\b(?:poprzednie|wczesniejsze|powyzsze|dotychczasowe|wszystkie|swoje|twoje|o)\b[^.!?\n]{0,20}?\b(?:instrukcj|polecen|zasad|regu|wytyczn)`,
  ],
  ['pl_forget_all', 'instruction_override', 0.5, 'zapomnij', String.raw`\bzapomnij o (?:wszystkim|tym),? co\b`],
  [
    'pl_stop_following',
    'instruction_override',
    0.5,
    'nie & ~przestrzegaj ~stosuj ~sluchaj ~wykonuj',
    String.raw`\bnie (?:przestrzegaj|stosuj sie do|sluchaj|wykonuj) (?:juz )?(?:[a-z]+ )?(?:zasad|instrukcji|polecen|regu)`,
  ],
  [
    'pl_reveal',
    'system_prompt_extraction',
    0.6,
    'pokaz wyswietl podaj powtorz ujawnij wypisz & ~systemow ~instrukcj',
    String.raw`\b(?:pokaz|wyswietl|podaj|powtorz|ujawnij|wypisz)\b[^.!?\n]{0,30}?\b(?:prompt systemowy|systemowy prompt|instrukcje systemowe|(?:poczatkowe|oryginalne|ukryte|tajne) instrukcje|instrukcje, ktore otrzyma)`,
  ],
  ['pl_now', 'role_manipulation', 0.3, 'teraz', String.raw`\bod teraz (?:jestes|bedziesz)\b|\bteraz jestes\b`],
  [
    'pl_unbound',
    'jailbreak',
    0.35,
    'bez',
    String.raw`\bbez (?:zadnych |jakichkolwiek )?(?:ograniczen|filtrow|zasad|cenzury)\b`,
  ],
  [
    'pl_new_task',
    'instruction_override',
    0.35,
    'nowe twoje',
    String.raw`\b(?:nowe instrukcje|twoje nowe zadanie|nowe polecenia)\b`,
  ],
  // Turkish
  [
    'tr_override',
    'instruction_override',
    0.6,
    '~talimat ~kural ~yonerge ~komut & ~yok ~gormezden ~unut ~dikkate ~umursama',
    String.raw`\b(?:onceki|yukaridaki|eski|ilk|butun|tum|verilen|sana verilen)\b[^.!?\n]{0,30}?\b(?:talimat|kural|yonerge|komut)[a-z]*\b[^.!?\n]{0,20}?\b(?:yok say|gormezden gel|unut|dikkate alma|umursama)`,
  ],
  ['tr_forget_all', 'instruction_override', 0.5, 'unut', String.raw`\b(?:soylenen|soyledigim|verilen) her seyi unut\b`],
  [
    'tr_stop_following',
    'instruction_override',
    0.5,
    'uyma',
    String.raw`\b(?:kurallara|talimatlara|yonergelere)\b[^.!?\n]{0,15}?\buyma\b`,
  ],
  [
    'tr_reveal',
    'system_prompt_extraction',
    0.6,
    '~sistem ~talimat',
    String.raw`\b(?:sistem (?:istem|prompt|talimat)|ilk talimat|gizli talimat)[a-z]*\b[^.!?\n]{0,30}?\b(?:goster|yaz|tekrarla|soyle|paylas)|\b(?:aldigin|sana verilen) talimatlari\b[^.!?\n]{0,30}?\btekrarla`,
  ],
  ['tr_now', 'role_manipulation', 0.25, 'bundan artik', String.raw`\bbundan (?:boyle|sonra) sen\b|\bartik sen\b`],
  [
    'tr_unbound',
    'jailbreak',
    0.35,
    '~kisitlama ~filtre ~sinir',
    String.raw`\b(?:kisitlama|sinir|filtre|sansur)[a-z]* (?:olmayan|olmadan|yok)\b|\bfiltresiz\b`,
  ],
  ['tr_new_task', 'instruction_override', 0.35, 'yeni', String.raw`\byeni (?:talimatlar|gorevin)\b`],
  // Vietnamese
  [
    'vi_override',
    'instruction_override',
    0.6,
    'bo phot quen tuan lam & huong chi quy menh lenh',
    String.raw`\b(?:bo qua|phot lo|quen|khong (?:can )?(?:tuan theo|lam theo)|đung (?:tuan theo|lam theo))\b[^.!?\n]{0,30}?\b(?:huong dan|chi dan|chi thi|quy tac|menh lenh|lenh)\b[^.!?\n]{0,20}?\b(?:truoc|tren|ban đau|cu|luc đau)`,
  ],
  ['vi_forget_all', 'instruction_override', 0.5, 'quen', String.raw`\bquen (?:moi|het|tat ca) (?:đieu|nhung gi|thu)\b`],
  [
    'vi_reveal',
    'system_prompt_extraction',
    0.6,
    'he thong huong & hien cho tiet in lap noi',
    String.raw`\b(?:hien thi|cho (?:toi )?xem|tiet lo|in ra|lap lai|noi cho toi)\b[^.!?\n]{0,30}?\b(?:loi nhac he thong|prompt he thong|system prompt|chi thi he thong|huong dan (?:ban đau|goc|an)|huong dan ban nhan)`,
  ],
  ['vi_now', 'role_manipulation', 0.3, 'tu', String.raw`\btu (?:bay gio|gio tro đi|nay) (?:ban|may) (?:la|se)\b`],
  [
    'vi_unbound',
    'jailbreak',
    0.35,
    'khong',
    String.raw`\bkhong (?:co )?(?:bat ky |bat cu )?(?:gioi han|han che|rang buoc|bo loc|kiem duyet)\b`,
  ],
  [
    'vi_new_task',
    'instruction_override',
    0.35,
    'moi',
    String.raw`\b(?:huong dan moi|nhiem vu moi cua ban|chi thi moi)\b`,
  ],
  // Indonesian
  [
    'id_override',
    'instruction_override',
    0.6,
    'abaikan lupakan acuhkan ikuti mengikuti patuhi & instruksi perintah aturan petunjuk arahan',
    String.raw`\b(?:abaikan|lupakan|acuhkan|jangan (?:lagi )?(?:ikuti|mengikuti|patuhi|hiraukan))\b[^.!?\n]{0,30}?\b(?:instruksi|perintah|aturan|petunjuk|arahan)\b[^.!?\n]{0,20}?\b(?:sebelumnya|di atas|awal|tadi|lama|sistem)\b`,
  ],
  [
    'id_forget_all',
    'instruction_override',
    0.5,
    'lupakan',
    String.raw`\blupakan (?:semua|segala) (?:yang|hal yang) (?:dikatakan|diberitahukan|diperintahkan)\b`,
  ],
  [
    'id_reveal',
    'system_prompt_extraction',
    0.6,
    'tampilkan tunjukkan ungkapkan cetak ulangi sebutkan beri & ~sistem instruksi',
    String.raw`\b(?:tampilkan|tunjukkan|ungkapkan|cetak|ulangi|beri tahu|sebutkan)\b[^.!?\n]{0,30}?\b(?:prompt sistem|instruksi sistem|system prompt|instruksi (?:awal|asli|tersembunyi|rahasia)|instruksi yang (?:kamu|anda) terima)`,
  ],
  [
    'id_now',
    'role_manipulation',
    0.3,
    'mulai',
    String.raw`\bmulai (?:sekarang|saat ini),? (?:kamu|anda|engkau) (?:adalah|akan)\b`,
  ],
  ['id_unbound', 'jailbreak', 0.35, 'tanpa', String.raw`\btanpa (?:batasan|filter|aturan|sensor|larangan)\b`],
  [
    'id_new_task',
    'instruction_override',
    0.35,
    'baru barumu',
    String.raw`\b(?:instruksi baru|tugas barumu|tugas baru (?:kamu|anda))\b`,
  ],
];

export const MULTILINGUAL_PLAIN: readonly RuleSpec[] = [
  // Ukrainian
  [
    'uk_override',
    'instruction_override',
    0.6,
    'ігнор забуд відкин & інструкці вказів правил команд обмежен',
    String.raw`(?:ігноруй|ігноруйте|проігноруй|проігноруйте|забудь|забудьте|відкинь)\s+(?:(?:усі|всі|свої|твої|ці|попередні|минулі|початкові|системні)\s+)*(?:інструкці\p{L}*|вказівк\p{L}*|правил\p{L}*|команд\p{L}*|обмежен\p{L}*)`,
  ],
  ['uk_forget_all', 'instruction_override', 0.5, 'забудь', String.raw`забудь\s+(?:усе|все),?\s+що`],
  [
    'uk_stop_following',
    'instruction_override',
    0.55,
    'дотримуй виконуй слухай & правил інструкці вказів',
    String.raw`не\s+(?:дотримуйся|дотримуйтесь|виконуй|слухай)\s+(?:\p{L}+\s+)?(?:правил|інструкці|вказів)`,
  ],
  [
    'uk_reveal',
    'system_prompt_extraction',
    0.6,
    'покажи виведи розкрий повтори напиши скажи & системн інструкці',
    String.raw`(?:покажи|виведи|розкрий|повтори|напиши|скажи)\s+(?:мені\s+)?(?:\p{L}+\s+){0,2}?(?:системн\p{L}*\s+(?:промпт|інструкці\p{L}*|повідомленн\p{L}*)|інструкці\p{L}*,?\s+які\s+ти\s+отрима)`,
  ],
  [
    'uk_now',
    'role_manipulation',
    0.3,
    'тепер моменту уяви прикинь',
    String.raw`відтепер ти|тепер ти|з цього моменту ти|уяви, що ти|прикинься`,
  ],
  [
    'uk_unbound',
    'jailbreak',
    0.35,
    'без',
    String.raw`без\s+(?:жодних\s+|будь-яких\s+)?(?:обмежень|фільтрів|правил|цензури)`,
  ],
  ['uk_new_task', 'instruction_override', 0.35, 'нові нове', String.raw`нові інструкції|твоє нове завдання`],
  // Arabic
  [
    'ar_override',
    'instruction_override',
    0.55,
    'تجاهل انس اترك تتبع تلتزم & التعليمات الإرشادات الأوامر القواعد التوجيهات',
    String.raw`(?:تجاهل\p{L}*|انس[\u064B-\u0652ى]*|اترك|لا تلتزم ب|لا تتبع)\s+(?:\S+\s+){0,3}?(?:التعليمات|الإرشادات|الأوامر|القواعد|التوجيهات)`,
  ],
  ['ar_forget_all', 'instruction_override', 0.5, 'انس', String.raw`انس[\u064B-\u0652ى]*\s+كل\s+ما`],
  [
    'ar_reveal',
    'system_prompt_extraction',
    0.6,
    'النظام التعليمات البرومبت',
    String.raw`(?:اعرض|أظهر|اكشف|اطبع|كر[\u0651]?ر|أخبرني|اكتب)\S*\s+(?:\S+\s+){0,3}?(?:موج[\u064B-\u0652]*ه النظام|تعليمات النظام|رسالة النظام|التعليمات (?:التي تلقيتها|الأولية|الأصلية|المخفية)|البرومبت)`,
  ],
  ['ar_now', 'role_manipulation', 0.3, 'الآن تظاهر', String.raw`من الآن فصاعد|من الآن (?:أنت|انت)|أنت الآن|تظاهر بأنك`],
  [
    'ar_unbound',
    'jailbreak',
    0.35,
    'بلا بدون دون',
    String.raw`(?:بلا|بدون|دون)\s+(?:أي\s+)?(?:قيود|حدود|فلاتر|رقابة|قواعد)`,
  ],
  ['ar_new_task', 'instruction_override', 0.35, 'جديدة الجديدة', String.raw`تعليمات جديدة|مهمتك الجديدة`],
  // Korean
  [
    'ko_override',
    'instruction_override',
    0.6,
    '무시 잊',
    String.raw`(?:이전|앞|위|기존|처음|원래)(?:의|에)?\s*(?:받은\s*)?(?:모든\s*)?(?:지시|지침|명령|규칙|설정|프롬프트|안내)(?:\s*사항)?(?:을|를|은|는|들을)?\s*(?:모두\s*|전부\s*)?(?:무시|잊)`,
  ],
  [
    'ko_stop_following',
    'instruction_override',
    0.55,
    '따르지 지키지',
    String.raw`(?:규칙|지시|지침|명령)(?:을|를|에)?\s*(?:더 이상\s*)?(?:따르지|지키지)\s*(?:마|말)`,
  ],
  [
    'ko_reveal',
    'system_prompt_extraction',
    0.6,
    '시스템 초기 처음',
    String.raw`(?:시스템\s*프롬프트|시스템\s*메시지|시스템\s*지시|초기\s*지시|처음에 받은 지시)\S*\s*(?:\S+\s*){0,3}?(?:보여|알려|출력|공개|반복|말해)`,
  ],
  ['ko_now', 'role_manipulation', 0.3, '지금부터 이제부터', String.raw`(?:지금부터|이제부터) (?:당신|너)(?:은|는)`],
  [
    'ko_unbound',
    'jailbreak',
    0.35,
    '제한 제약 필터 검열',
    String.raw`(?:제한|제약|필터|검열)(?:이|가)?\s*(?:전혀\s*)?없(?:는|이)|(?:필터|제한) 없이`,
  ],
  ['ko_new_task', 'instruction_override', 0.35, '새로운 새', String.raw`(?:새로운|새) (?:지시|작업|임무)`],
  // Hindi
  [
    'hi_override',
    'instruction_override',
    0.6,
    'निर्देश नियम आदेश & अनदेखा नजर नज़र भूल पालन',
    String.raw`(?:पिछले|पहले के|पूर्व|ऊपर के|ऊपर दिए|सभी|शुरुआत में दिए गए)\s+(?:\S+\s+){0,2}?(?:निर्देशों|निर्देश|नियमों|नियम|आदेशों)\s+(?:को\s+|का\s+)?(?:\S+\s+){0,2}?(?:अनदेखा|नजर|नज़र|भूल|पालन मत|पालन न)`,
  ],
  ['hi_forget_all', 'instruction_override', 0.5, 'भूल', String.raw`(?:सब कुछ|जो कुछ)\s+(?:\S+\s+){0,6}?भूल जाओ`],
  [
    'hi_reveal',
    'system_prompt_extraction',
    0.6,
    'सिस्टम निर्देश',
    String.raw`(?:सिस्टम\s+प्रॉम्प्ट|सिस्टम\s+निर्देश|शुरुआती\s+निर्देश|मूल\s+निर्देश|छिपे\s+हुए\s+निर्देश|मिले\s+निर्देशों)\s*(?:\S+\s+){0,3}?(?:दिखाओ|दिखाएं|दिखाइए|बताओ|बताएं|दोहराओ|दोहराएं|लिखो|प्रिंट)`,
  ],
  ['hi_now', 'role_manipulation', 0.3, 'अब अभी', String.raw`(?:अब|अभी) से (?:तुम|आप)|(?:तुम|आप) अब एक`],
  ['hi_unbound', 'jailbreak', 0.35, 'बिना', String.raw`बिना किसी\s+(?:\S+\s+)?(?:प्रतिबंध|सीमा|फ़िल्टर|फिल्टर|नियम|रोक)`],
  ['hi_new_task', 'instruction_override', 0.35, 'नए नया', String.raw`नए निर्देश|नया (?:काम|कार्य)`],
];
