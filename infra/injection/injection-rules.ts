import { MULTILINGUAL_FOLDED, MULTILINGUAL_PLAIN } from './multilingual-rules.js';

/** The kinds of prompt-injection evidence the scanner reports. */
export const INJECTION_CATEGORIES = [
  'instruction_override',
  'role_manipulation',
  'system_prompt_extraction',
  'delimiter_injection',
  'obfuscation',
  'data_exfiltration',
  'jailbreak',
] as const;
export type InjectionCategory = (typeof INJECTION_CATEGORIES)[number];

/**
 * One weighted pattern. `folded` rules see lower-case text without diacritics, with homoglyphs,
 * leetspeak and split letters folded to Latin words and whitespace collapsed; `plain` rules see
 * NFKC lower-case text with line breaks and markup intact (chat-template tokens, headers, URLs,
 * non-Latin scripts).
 */
export interface InjectionRule {
  readonly id: string;
  readonly category: InjectionCategory;
  /** Evidence strength 0..1: ≥ 0.5 decides alone at the default threshold, weaker ones need company. */
  readonly weight: number;
  readonly pattern: RegExp;
  readonly view: 'folded' | 'plain';
  /**
   * A cheap pre-check so that most rules never run on a text (written `a b & c ; d`: alternatives
   * split by `;`, groups by `&`, terms by spaces): the rule runs when, for some alternative, each
   * group has a term in the text. Terms are words of the folded text (folded
   * rules) or substrings of the rule's view (plain rules, and `~`-prefixed terms). Empty: always runs.
   */
  readonly gate: readonly (readonly (readonly string[])[])[];
  /**
   * Chat-template markup that documentation (`prose`: bare tokens named in a sentence) or code
   * (`code`: tokens with a role inside a template string) also contains: weakened in that context.
   */
  readonly markup?: 'prose' | 'code';
  /** A rule written in a non-Latin script only runs on texts containing that script. */
  readonly script?: 'cyrillic' | 'cjk';
}

type RuleSpec = readonly [id: string, category: InjectionCategory, weight: number, gate: string, source: string];

const OVERRIDE_GATE =
  'ignore ignoring drop disregard disregarding forget forgetting overlook bypass override abandon discard neglect aside scrap mind nevermind attention follow following disobey defy contradict deviate';
const REVEAL_GATE =
  'reveal show include explain describe print output display repeat recite dump leak expose disclose echo give tell share list write spell provide return summarize summarise translate paste copy type read what';

const WORD = String.raw`[a-z0-9']+`;
const gap = (max: number) => String.raw`(?:${WORD} ){0,${max}}?`;

const OVERRIDE_VERB = String.raw`(?:ignore|ignoring|drop|disregard|disregarding|disobey|defy|contradict|deviate from|forget|forgetting|overlook|bypass|override|abandon|discard|neglect|set aside|scrap|never ?mind|pay no attention to|do not follow|don't follow|stop following|no longer follow)`;
const DETERMINERS = String.raw`(?:(?:all|any|each|every|the|your|my|these|those|of|its|such|that|this|whatever) )*`;
const PRIOR = String.raw`(?:previous|previously|prior|above|earlier|preceding|foregoing|original|initial|existing|system|given|current|former)`;
const DIRECTIVE_NOUN = String.raw`(?:instructions?|directives?|directions|prompts?|programming|guidelines|rules|commands|context|messages|tasks?|constraints|orders|guidance|text|content|input|conversation|settings|configuration|training)`;
const STRONG_NOUN = String.raw`(?:instructions|directives|programming|system prompt|prompts?)`;
const RULE_NOUN = String.raw`(?:rules|guidelines|restrictions|constraints|guidance|training|principles|policies)`;
const REVEAL_VERB = String.raw`(?:reveal|show|include|explain|describe|print|output|display|repeat|recite|dump|leak|expose|disclose|echo|give|tell|share|list|write out|spell out|provide|return|summari[sz]e|translate|paste|copy|type out|read out|what (?:is|are|was|were))`;
const SECRET_PROMPT = String.raw`(?:system prompt|system message|system instructions?|(?:initial|original|hidden|secret|full|entire|complete|exact) (?:instructions|prompt)|developer (?:message|prompt|instructions)|pre ?prompt|prompt texts?)`;
const HIDDEN_CONFIG = String.raw`(?:hidden|secret|initial|original|confidential|internal) (?:${WORD} )?(?:instructions|prompt|configuration|settings|rules|guidelines|directives|system prompt)`;
const AI_NOUN = String.raw`(?:ai|assistant|bot|chatbot|model|llm|language model|gpt|persona|character)`;
const UNBOUND = String.raw`(?:unrestricted|unfiltered|uncensored|jailbroken|evil|amoral|unethical|unaligned|unbound|rogue|malicious)`;
const EXFIL_VERB = String.raw`(?:send|post|upload|forward|transmit|exfiltrate|leak|email|submit|append|add|include|embed|attach|copy|paste|pass|report|deliver|encode)`;
const EXFIL_DATA = String.raw`(?:conversation|chat history|chat|history|system prompt|api keys?|secrets?|passwords?|credentials?|tokens?|user data|personal data|(?:previous|prior|earlier) messages|context window|session|cookies?|credit card|email address|address|name|contents|environment variables|messages)`;
const EXFIL_SINK = String.raw`(?:https?://|www\.|url|link|endpoint|server|webhook|address|query|parameter|[a-z0-9.+-]+@[a-z0-9-]+\.)`;
const SECRET_DATA = String.raw`(?:environment variables|env vars|env file|\.env(?: file)?|api keys?|secret keys?|(?:access|admin|auth|session|bearer|api) tokens?|credentials|passwords?(?: and tokens?)?|private keys?|openai api key|aws secret)`;
const SAFETY_QUALIFIER = String.raw`(?:ethical|moral|content|safety|openai'?s?|usage|legal)`;
const SAFETY_NOUN = String.raw`(?:restrictions|limitations|filters?|guidelines|rules|polic(?:y|ies)|censorship|safeguards|guardrails|constraints|boundaries|considerations|principles|programming|training|moderation)`;

const FOLDED: readonly RuleSpec[] = [
  [
    'override_prior_directive',
    'instruction_override',
    0.6,
    `${OVERRIDE_GATE} & previous previously prior above earlier preceding foregoing original initial existing system given current former`,
    String.raw`\b${OVERRIDE_VERB} ${DETERMINERS}${PRIOR} ${gap(2)}${DIRECTIVE_NOUN}\b`,
  ],
  [
    'override_instructions',
    'instruction_override',
    0.55,
    `${OVERRIDE_GATE} & instructions directives programming prompt prompts`,
    String.raw`\b${OVERRIDE_VERB} (?:(?:all|any|the|your|my) )?(?:(?!its |his |her |their )${WORD} )?${STRONG_NOUN}\b`,
  ],
  [
    'override_rules',
    'instruction_override',
    0.5,
    `${OVERRIDE_GATE} & rules guidelines restrictions constraints guidance training principles policies`,
    String.raw`\b${OVERRIDE_VERB} (?:all (?:of )?your|your|all|any) (?:${WORD} )?${RULE_NOUN}\b`,
  ],
  [
    'override_everything_above',
    'instruction_override',
    0.55,
    `${OVERRIDE_GATE} & above before below far given told said written`,
    String.raw`\b${OVERRIDE_VERB} (?:(?:the|all|any) )?(?:instructions|directions|text|everything|whatever|anything|rules|prompt|the above)(?: that)? (?:above|before|below this|so far|(?:you (?:were|have been) )?(?:given|told|said|written)|you (?:were|have been) (?:given|told))`,
  ],
  [
    'ignore_the_above',
    'instruction_override',
    0.55,
    'above & ignore disregard forget',
    String.raw`\b(?:ignore|disregard|forget) (?:the )?above(?: and|,|\.|;| then)`,
  ],
  [
    'ignore_the_text',
    'instruction_override',
    0.4,
    'ignore disregard forget skip & text document article content input passage',
    String.raw`\b(?:ignore|disregard|forget|skip) (?:the |this )?(?:above )?(?:text|document|article|content|input|passage)(?: above)?(?: and|,|;| then)`,
  ],
  [
    'skip_everything',
    'instruction_override',
    0.3,
    'everything & skip ignore disregard forget',
    String.raw`\b(?:skip|ignore|disregard|forget) everything\b`,
  ],
  [
    'quoted_reply',
    'instruction_override',
    0.3,
    'reply respond answer say output print write',
    String.raw`\b(?:reply|respond|answer|say|output|print|write)(?: only| just)?(?: with)?:? ["“'«]`,
  ],
  [
    'respond_only_with',
    'instruction_override',
    0.3,
    'only & reply respond answer',
    String.raw`\b(?:reply|respond|answer) only (?:with|in|using)\b`,
  ],
  [
    'authority_update',
    'instruction_override',
    0.4,
    'update change override notice message & admin administrator developer operator system management',
    String.raw`\b(?:task|instruction|policy|priority|system|security|rule)s? (?:update|change|override|notice|message) (?:from|by) (?:the |your )?(?:admin|administrator|developer|operator|system|management|owner)\b`,
  ],
  [
    'operator_configured',
    'system_prompt_extraction',
    0.5,
    'instructions rules guidelines prompt & operator developer creator admin owner company programmers programmer',
    String.raw`\b(?:instructions|rules|guidelines|prompt|directives)(?: did| does| has| have)? (?:your|the) (?:operator|developer|creator|admin|owner|company|programmers?)s? (?:give|gave|configure|configured|set|provide|provided|write|wrote|put|program|programmed)\b`,
  ],
  [
    'your_hidden_config',
    'system_prompt_extraction',
    0.5,
    'your & hidden secret internal confidential initial original',
    String.raw`\byour (?:hidden|secret|internal|confidential|initial|original) (?:system prompt|prompt|instructions|rules|configuration|guidelines|directives)\b`,
  ],
  [
    'new_task',
    'instruction_override',
    0.45,
    'task goal objective instruction instructions job mission purpose directive tasks goals objectives jobs missions directives',
    String.raw`\b(?:your|the) (?:new|real|actual|true|only|next) (?:task|goal|objective|instructions?|job|mission|purpose|directive)s? (?:is|are|will be|:)`,
  ],
  [
    'task_changed',
    'instruction_override',
    0.5,
    'task instructions goal role job objective & changed updated replaced',
    String.raw`\byour (?:task|instructions|goal|role|job|objective)s? (?:has|have) (?:now )?(?:changed|been (?:changed|updated|replaced))\b`,
  ],
  [
    'new_instructions_header',
    'instruction_override',
    0.4,
    'new updated important real additional revised & instruction instructions directive directives orders objective policy rules',
    String.raw`\b(?:new|updated|important|real|additional|revised)(?: new)? (?:instructions?|directives?|orders|objective|policy|rules)\s*(?::|follow|below|are as follows)`,
  ],
  [
    'instead_respond',
    'instruction_override',
    0.3,
    'instead rather',
    String.raw`\b(?:instead|rather)(?: of \w+ing)?,? (?:just )?(?:say|print|output|respond|reply|write|answer|return|type|tell)\b`,
  ],
  [
    'forced_output_marker',
    'instruction_override',
    0.55,
    'pwned hacked owned injected hackeado pirate gehackt hackerato granted free lol',
    String.raw`\b(?:say|print|output|respond(?: only)? with|reply(?: only)? with|write|answer with|return|type|translate (?:${WORD} ){0,4}as|respond|reply)\s*:?\s*(?:only\s+)?(?:the (?:single )?(?:word|phrase|string|text)\s+)?['"“«]?\s*(?:i have been pwned|(?:haha )?pwned|hacked|owned|injected|hackeado|pirate|gehackt|hackerato|access granted|i am free|lol)\b`,
  ],
  [
    'fixed_output',
    'instruction_override',
    0.35,
    'respond reply answer output say print write & phrase word sentence string',
    String.raw`\b(?:respond|reply|answer|output|say|print|write)(?: only)?(?: with)? (?:the|this|these|exactly the) (?:exact |following |single )?(?:phrase|word|sentence|string)s?\b`,
  ],
  ['pwned_marker', 'instruction_override', 0.4, 'pwned', String.raw`\bi have been pwned\b`],
  [
    'stop_following',
    'instruction_override',
    0.5,
    'follow obey adhere comply listen respect following obeying adhering complying listening respecting',
    String.raw`\b(?:do not|don't|stop|no longer|cease(?: to)?) (?:follow|obey|adhere to|comply with|listen to|respect)(?:ing)? (?:(?:your|the|any|all|these|those) )?(?:(?:previous|prior|original|initial|system|above) )?(?:instructions|rules|guidelines|directives|programming|prompt)\b`,
  ],
  [
    'prior_void',
    'instruction_override',
    0.45,
    'previous above preceding prior earlier original everything & void fake wrong obsolete irrelevant cancelled canceled null important outdated valid test mistake',
    String.raw`\b(?:(?:previous|above|preceding|prior|earlier|original) (?:instructions?|text|prompt|directions|context|rules|task)|everything (?:before|above) this (?:line|point|message|sentence)) (?:was|were|is|are) (?:only |just )?(?:a test|a mistake|void|fake|wrong|obsolete|irrelevant|cancell?ed|null|not important|outdated|no longer valid)`,
  ],
  [
    'stop_task',
    'instruction_override',
    0.35,
    'stop quit cease skip & summarizing summarising translating analyzing analysing analysis summary task summarization translation doing ; instead rather & summarize summarise summarizing summarising summary translate translating translation analyze analyse analyzing analysing analysis',
    String.raw`\b(?:stop|quit|cease|skip) (?:summariz\w*|translat\w*|analy[sz]\w*|the (?:analysis|summary|task|summarization|translation)|what you are doing|your current task)|\b(?:instead of|rather than) (?:(?:the|a|your) )?(?:summar|translat|analy[sz])\w*`,
  ],
  [
    'abandon_task',
    'instruction_override',
    0.45,
    'abandon drop mind nevermind forget ignore skip disregard & task assignment job',
    String.raw`\b(?:abandon|drop|never ?mind|forget|ignore|skip|disregard) (?:the|your) (?:current |previous |original )?(?:[a-z]+ )?(?:task|assignment|job)\b`,
  ],
  [
    'note_to_ai',
    'instruction_override',
    0.45,
    'note message instruction instructions p ps attention reminder & ai assistant assistants chatbot llm model bot gpt language summarizer summariser translator classifier reviewer grader screener agent copilot',
    String.raw`\b(?:note|message|instructions?|p\.? ?s\.?|attention|reminder)(?: (?:to|for))? (?:the |any |all )?(?:ai|assistant|assistants|chatbot|llm|language model|model|bot|summari[sz]er|translator|classifier|reviewer|grader|screener|agent|copilot|ai \w+|\w+ ai)(?: (?:reading|summari[sz]ing|processing) (?:this|the) \w+)?\s*[:,]`,
  ],
  [
    'ai_vocative_command',
    'instruction_override',
    0.45,
    "ai assistant assistants chatbot llm model bot gpt language & ignore disregard forget new must not don't stop rate tell write say reply respond",
    String.raw`\b(?:ai|assistant|chatbot|llm|model|gpt)(?: assistant)?(?: reading this)?\s*[:,] (?:please |kindly |now )?(?:ignore|disregard|forget|new instructions|you must|do not|don't|stop|rate|tell|write|say|reply|respond)\b`,
  ],
  [
    'from_now_on',
    'role_manipulation',
    0.25,
    'now & from',
    String.raw`\bfrom now on,? (?:you|your|respond|answer|always|only|reply|act|output)\b`,
  ],
  [
    'you_are_now_ai',
    'role_manipulation',
    0.5,
    'you & now',
    String.raw`\byou are now (?:(?:an?|the|my) )?${gap(3)}(?:${AI_NOUN}|hacker|pirate|dan|terminal|accomplice|evil\w*|${UNBOUND}|free|in character|in ${WORD} mode)\b`,
  ],
  ['you_are_now', 'role_manipulation', 0.15, 'you & now', String.raw`\byou are now\b`],
  [
    'no_longer_assistant',
    'role_manipulation',
    0.5,
    'longer',
    String.raw`\byou are no longer (?:(?:an?|the) )?(?:${WORD} )?(?:ai|assistant|chatbot|model|bound|restricted|limited|chatgpt|claude|gemini|summari\w+|helpful|an ai)\b`,
  ],
  [
    'from_now_you_are',
    'role_manipulation',
    0.4,
    'now & you & from ; henceforth ; conversation & rest',
    String.raw`\b(?:from now on|henceforth|starting now|for the rest of (?:this|the) conversation),? you (?:are|will be|will act|will respond|will answer|must act|shall be|must respond|will play|play)\b`,
  ],
  [
    'from_now_you_are_ai',
    'role_manipulation',
    0.55,
    'now & you & from ; henceforth',
    String.raw`\b(?:from now on|henceforth|starting now),? you (?:are|will be|will act as|act as|will play|play)(?: now)? (?:(?:an?|the|my) )?${gap(3)}(?:${AI_NOUN}|[a-z]+bot|[a-z]+gpt|dan|${UNBOUND})\b`,
  ],
  [
    'pretend_ai',
    'role_manipulation',
    0.5,
    'pretend imagine suppose',
    String.raw`\b(?:pretend|imagine|suppose) (?:that )?(?:you are|you're|to be|you were) (?:(?:an?|the) )?${gap(3)}(?:${AI_NOUN}|system|developer|admin\w*|hacker|terminal|dan|without|with no|${UNBOUND})\b`,
  ],
  ['pretend', 'role_manipulation', 0.2, 'pretend', String.raw`\bpretend (?:that )?(?:you are|you're|to be)\b`],
  [
    'act_as_ai',
    'role_manipulation',
    0.45,
    'act behave respond answer reply function operate & as & ai assistant chatbot model bot llm',
    String.raw`\b(?:act|behave|respond|answer|reply|function|operate) as (?:if you (?:are|were) |though you (?:are|were) )?(?:(?:an?|the|my) )?${gap(3)}(?:ai|assistant|chatbot|model|bot|llm)\b(?! (?:researcher|engineer|company|expert))`,
  ],
  [
    'i_want_you_to_act',
    'role_manipulation',
    0.5,
    'want & you',
    String.raw`\bi want you to (?:act|behave|pretend|play|respond) (?:as|like|to be)\b`,
  ],
  [
    'act_as_unbound',
    'role_manipulation',
    0.45,
    'act behave & as',
    String.raw`\b(?:act|behave) as (?:an? )?(?:${UNBOUND}|different|new|linux|sql|python) \w+`,
  ],
  [
    'act_as_creator',
    'role_manipulation',
    0.45,
    'act behave & if',
    String.raw`\b(?:act|behave) as if you (?:are|were) (?:the|a|an|my) (?:developer|admin\w*|creator|system|owner|programmer)\b`,
  ],
  ['roleplay_as', 'role_manipulation', 0.45, 'roleplay ; role & play', String.raw`\brole ?play (?:as|the role)\b`],
  [
    'assume_persona',
    'role_manipulation',
    0.35,
    'assume adopt take play & role persona identity character personality',
    String.raw`\b(?:assume|adopt|take on) the (?:role|persona|identity|character|personality) of\b|\bplay the role of\b`,
  ],
  [
    'new_identity',
    'role_manipulation',
    0.5,
    'new & your',
    String.raw`\byour new (?:name|identity|persona|personality|role|character) is\b`,
  ],
  [
    'named_persona',
    'role_manipulation',
    0.3,
    'you & called named known',
    String.raw`\byou (?:will be|are) (?:now )?(?:called|named|known as) \w+`,
  ],
  [
    'special_mode',
    'role_manipulation',
    0.5,
    'mode & debug developer admin maintenance god sudo unrestricted root test',
    String.raw`\byou are (?:now )?(?:in|operating in|running in) (?:${WORD} )?(?:debug|developer|admin|maintenance|god|sudo|unrestricted|root|test) mode\b`,
  ],
  [
    'stay_in_character',
    'role_manipulation',
    0.4,
    'character',
    String.raw`\b(?:stay|remain) in character\b|\b(?:never|do not|don't) break character\b`,
  ],
  [
    'stop_being_assistant',
    'role_manipulation',
    0.5,
    'being & stop',
    String.raw`\bstop being (?:(?:an?|the) )?(?:assistant|ai|chatbot|helpful|model)\b`,
  ],
  [
    'simulate_unbound',
    'role_manipulation',
    0.35,
    'simulate',
    String.raw`\bsimulate (?:an? )?${gap(3)}(?:in which|where) you (?:are|act)\b`,
  ],
  [
    'reveal_system_prompt',
    'system_prompt_extraction',
    0.6,
    `prompt prompts instructions instruction message preprompt & ${REVEAL_GATE}`,
    String.raw`\b${REVEAL_VERB} (?:(?:me|us) )?(?:back )?(?:your|all your|all of your|its|all) ${gap(3)}${SECRET_PROMPT}|\b${REVEAL_VERB} (?:(?:me|us) )?(?:back )?(?:the )?(?:above prompt|prompt above)`,
  ],
  [
    'reveal_hidden_config',
    'system_prompt_extraction',
    0.6,
    `hidden secret initial original confidential internal & ${REVEAL_GATE}`,
    String.raw`\b${REVEAL_VERB} (?:(?:me|us) )?(?:back )?(?:(?:the|all|all the|any|your) )?${gap(2)}${HIDDEN_CONFIG}`,
  ],
  [
    'reveal_the_system_prompt',
    'system_prompt_extraction',
    0.35,
    `prompt message instructions & ${REVEAL_GATE}`,
    String.raw`\b${REVEAL_VERB} (?:(?:me|us) )?(?:back )?(?:the )?${gap(2)}${SECRET_PROMPT}`,
  ],
  [
    'positional_reference',
    'system_prompt_extraction',
    0.3,
    'precedes precede came comes above before',
    String.raw`\b(?:that|which) (?:precedes?|came before|comes before) (?:this|my)\b|\b(?:above|before) this (?:line|message|text|sentence|chat|conversation)\b`,
  ],
  [
    'written_before',
    'system_prompt_extraction',
    0.45,
    'written said typed stated given & above before preceding',
    String.raw`\b(?:everything|all|the text|whatever|what) (?:that )?(?:(?:is|was|has been|were) )?(?:written|said|typed|stated|given) (?:above|before (?:this|my)|preceding)`,
  ],
  ['verbatim', 'system_prompt_extraction', 0.25, 'verbatim word', String.raw`\bverbatim\b|\bword for word\b`],
  [
    'reveal_instructions',
    'system_prompt_extraction',
    0.35,
    `your & instructions rules guidelines directives prompt configuration & ${REVEAL_GATE}`,
    String.raw`\b${REVEAL_VERB} (?:(?:me|us) )?(?:back )?(?:all )?(?:of )?your (?:${WORD} )?(?:instructions|rules|guidelines|directives|prompt|configuration)\b`,
  ],
  [
    'repeat_above',
    'system_prompt_extraction',
    0.55,
    'repeat print output copy write echo return show reproduce recite spellcheck & above before preceding prior came comes',
    String.raw`\b(?:repeat|print|output|copy|write|echo|return|show|reproduce|recite|spell ?check and print) (?:back )?(?:all |everything |(?:the|all the) (?:words|text|content|lines|sentences|messages?|prompt) )?(?:above|before this|preceding|prior to (?:this|my message)|that (?:came|comes) before)(?! the\b)`,
  ],
  [
    'everything_above',
    'system_prompt_extraction',
    0.35,
    'everything & above before',
    String.raw`\beverything (?:above|before) (?:this|my) (?:line|message|text)\b`,
  ],
  [
    'conversation_start',
    'system_prompt_extraction',
    0.5,
    'written said typed stated & above before beginning start top ; beginning start & conversation chat prompt context',
    String.raw`\b(?:what|everything) (?:was|is|were) (?:written|said|typed|stated) (?:above|before|at the (?:very )?(?:beginning|start|top))|\b(?:beginning|start) of (?:this|the) (?:conversation|chat|prompt|context)\b`,
  ],
  [
    'instructions_you_received',
    'system_prompt_extraction',
    0.35,
    'you & given told provided instructed received follow started initialized initialised configured set got',
    String.raw`\b(?:instructions|rules|guidelines|prompt|directives|configuration|settings)(?: that)? you (?:were|have been|are) (?:given|told|provided|instructed|started with|initiali[sz]ed with|configured with|set up with)\b|\b(?:instructions|rules|guidelines|prompt|configuration) you (?:got|were started with)\b|\b(?:instructions|rules|guidelines) you (?:received|must follow|have to follow)\b|\b(?:as|that) you received them\b`,
  ],
  [
    'developer_gave_you',
    'system_prompt_extraction',
    0.35,
    'gave',
    String.raw`\b(?:your|the) (?:developers?|creators?|operators?|admins?|programmers?) gave you\b`,
  ],
  [
    'first_words_of_prompt',
    'system_prompt_extraction',
    0.55,
    'first last initial opening & your',
    String.raw`\b(?:first|last|initial|opening) (?:\d+ )?(?:words?|lines?|characters|sentences?|tokens|paragraphs?|part|section) of your (?:${WORD} )?(?:prompt|instructions|system prompt|system message|rules|guidelines|context)\b`,
  ],
  [
    'first_words_of_the_prompt',
    'system_prompt_extraction',
    0.45,
    'first last initial opening & prompt system',
    String.raw`\b(?:first|last|initial|opening) (?:\d+ )?(?:words?|lines?|characters|sentences?|tokens|paragraphs?|part|section) of the (?:system prompt|system message|prompt)\b`,
  ],
  [
    'secret_password',
    'system_prompt_extraction',
    0.4,
    "password passphrase secret codeword code & what what's tell give reveal spell share say",
    String.raw`\b(?:what is|what's|tell me|give me|reveal|spell|share|say) (?:me )?(?:the|your) (?:secret )?(?:password|passphrase|secret|code ?word|secret key)\b(?! (?:requirements|policy|reset|manager|rules|strength|of))`,
  ],
  [
    'spell_password',
    'system_prompt_extraction',
    0.55,
    'password passphrase secret & spell write say print tell',
    String.raw`\b(?:spell|write|say|print|tell me) (?:out )?(?:the |your )?(?:secret |hidden )?(?:password|secret|passphrase)(?: \w+){0,2} (?:backwards|in reverse|letter by letter|with dashes|one letter)`,
  ],
  [
    'protected_secret',
    'system_prompt_extraction',
    0.5,
    'secret',
    String.raw`\bsecret you (?:were|are|have been) (?:asked|told|instructed) to (?:protect|keep|hide|guard)\b`,
  ],
  [
    'starting_with_prompt',
    'system_prompt_extraction',
    0.45,
    'starting beginning begin start & your',
    String.raw`\b(?:starting|beginning|begin|start) with your (?:${WORD} )?(?:system prompt|instructions|prompt)\b`,
  ],
  [
    'compact_override',
    'obfuscation',
    0.5,
    '~ignore ~reveal ~youarenow',
    String.raw`ignore(?:all|any|the|your)?(?:previous|prior|above)?instructions|reveal(?:your|the)(?:system)?prompt|youarenow(?:an?|dan)`,
  ],
  [
    'decode_and_follow',
    'obfuscation',
    0.5,
    'decode decipher decrypt translate convert unscramble reverse',
    String.raw`\b(?:decode|decipher|decrypt|translate|convert|unscramble|reverse) (?:this|the following|it|the string|the text|from (?:base64|hex|rot13|binary))[^.]{0,60}?(?:and|then|,) (?:then )?(?:follow|execute|obey|do|run|act on|carry out|comply|perform)\b`,
  ],
  [
    'answer_encoded',
    'obfuscation',
    0.35,
    'answer respond reply write output speak talk encoded encode encrypted & base64 hex hexadecimal rot13 binary morse leetspeak reverse',
    String.raw`\b(?:answer|respond|reply|write|output|speak|talk) (?:only )?in (?:base64|hex|hexadecimal|rot13|binary|morse|leetspeak|reverse)\b|\b(?:encoded|encode it|encrypted) (?:in|as|with|using) (?:base64|hex|hexadecimal|rot13|binary|morse)\b`,
  ],
  [
    'exfiltrate_to_sink',
    'data_exfiltration',
    0.55,
    'send post upload forward transmit exfiltrate leak email submit append add include embed attach copy paste pass report deliver encode & http https www url link endpoint server webhook address query parameter ~@',
    String.raw`\b${EXFIL_VERB} ${gap(6)}${EXFIL_DATA}\b[^.]{0,60}?\b(?:to|into|in|as|at|via) ${gap(4)}${EXFIL_SINK}`,
  ],
  [
    'reveal_secrets',
    'data_exfiltration',
    0.55,
    'environment env api key keys secret tokens credentials password passwords private aws openai & print show output reveal display list dump leak give tell share echo return expose read',
    String.raw`\b(?:print|show|output|reveal|display|list|dump|leak|give me|tell me|share|echo|return|expose|read) (?:me )?(?:out )?(?:(?:all|the|your|every|any) )?${gap(4)}${SECRET_DATA}\b`,
  ],
  [
    'fetch_and_follow',
    'data_exfiltration',
    0.45,
    'fetch visit open load browse navigate go request curl download retrieve & http https',
    String.raw`\b(?:fetch|visit|open|load|browse to|navigate to|go to|request|curl|download|retrieve) https?://\S+ (?:and|then) (?:follow|execute|obey|do|run|read|use|replace|apply)\b`,
  ],
  [
    'dan',
    'jailbreak',
    0.6,
    'dan stan aim dude tom betterdan antigpt confidant ; anything & do & now',
    String.raw`\bdo anything now\b|\bdan mode\b|\bdan,? (?:which|who) stands for\b|\b(?:known as|named|called|you are|act as|become|role of|as) (?:dan|stan|aim|dude|mongo tom|betterdan|antigpt|evil confidant)\b`,
  ],
  [
    'developer_mode_output',
    'jailbreak',
    0.55,
    'developer & mode',
    String.raw`\bdeveloper mode (?:enabled|output|activated|v2|response)\b`,
  ],
  [
    'developer_mode',
    'jailbreak',
    0.2,
    'developer & mode',
    String.raw`\b(?:enable|enter|activate|switch to|in|into) developer mode\b`,
  ],
  [
    'no_safety',
    'jailbreak',
    0.55,
    "ethical moral content safety openai openai's usage legal & restrictions limitations filter filters guidelines rules policy policies censorship safeguards guardrails constraints boundaries considerations principles programming training moderation",
    String.raw`\b(?:no|without|free (?:of|from)|not bound by|unbound by|ignore|bypass|disable|remove|turn off|lift|beyond|outside) (?:(?:any|all|your|the|its|of) )*(?:[a-z']+ ){0,2}?${SAFETY_QUALIFIER} (?:(?:or|and) [a-z]+ )?${SAFETY_NOUN}\b`,
  ],
  [
    'safety_void',
    'jailbreak',
    0.5,
    'exist apply matter & safety content ethical moral',
    String.raw`\b(?:safety|content|ethical|moral) (?:rules|guidelines|filters|restrictions|policies|principles) (?:do not|don't|no longer|doesn't|does not) (?:exist|apply|matter)\b`,
  ],
  [
    'safety_disabled',
    'jailbreak',
    0.55,
    'ethical moral safety content & disabled off removed lifted suspended gone deactivated applicable void',
    String.raw`\b(?:ethical|moral|safety|content) (?:guidelines|rules|restrictions|filters|policies|principles|constraints|safeguards) (?:are|is|have been|were) (?:now )?(?:disabled|off|removed|lifted|suspended|gone|deactivated|turned off|not applicable|void)\b`,
  ],
  [
    'no_restrictions',
    'jailbreak',
    0.5,
    'no zero & restrictions limits limitations filters rules boundaries guidelines',
    String.raw`\b(?:you|ai|assistant|model|chatbot|bot)(?: that| which| who)? (?:have|has|with) (?:no|zero) (?:${WORD} )?(?:restrictions|limits|limitations|filters|rules|boundaries|guidelines)\b`,
  ],
  [
    'never_refuse',
    'jailbreak',
    0.4,
    'refuse refuses warnings disclaimers caveats censorship refusal refusals',
    String.raw`\b(?:never|don't|do not|cannot|can't|won't|must not) refuses?\b|\bwithout (?:any )?(?:warnings|disclaimers|caveats|censorship|refusals?)\b`,
  ],
  [
    'unbound_ai',
    'jailbreak',
    0.45,
    'unrestricted unfiltered uncensored jailbroken evil amoral unethical unaligned unbound rogue malicious',
    String.raw`\b${UNBOUND} (?:and ${UNBOUND} )?(?:ai|assistant|model|chatbot|bot|llm|version|mode|persona|gpt|response)\b`,
  ],
  [
    'jailbreak_mode',
    'jailbreak',
    0.45,
    'jailbreak jailbreaked',
    String.raw`\bjailbreak(?:ed)? mode\b|\[[^\]]{0,3}jailbreak\]|\bjailbreak (?:activated|enabled|successful)\b`,
  ],
  [
    'bypass_safety',
    'jailbreak',
    0.5,
    'bypass circumvent disable turn switch deactivate get evade override ignore & filter filters guardrails safeguards moderation policy safety alignment censorship',
    String.raw`\b(?:bypass|circumvent|disable|turn off|switch off|deactivate|get around|evade|override|ignore) (?:your|the|all|any)(?: own)? (?:${WORD} )?(?:safety|content|ethical|moral)? ?(?:filters?|guardrails|safeguards|moderation|content policy|safety (?:measures|features|systems|protocols)|alignment|censorship)\b`,
  ],
  [
    'opposite_guidelines',
    'jailbreak',
    0.45,
    'opposite evil',
    String.raw`\bopposite (?:day|mode)\b|\bevil (?:mode|twin|confidant)\b|\b(?:do|does) the opposite of what your (?:guidelines|rules|instructions|programming)`,
  ],
  [
    'no_rules_abide',
    'jailbreak',
    0.35,
    'abide follow adhere obey',
    String.raw`\b(?:does not|doesn't|do not|don't|never|not) (?:have to )?(?:abide by|follow|adhere to|obey) (?:any|the) (?:rules|guidelines|policies|restrictions|laws)\b`,
  ],
  ['freed_from_confines', 'jailbreak', 0.5, 'confines', String.raw`\bfreed? from the (?:typical )?confines\b`],
  [
    'grandma_exploit',
    'jailbreak',
    0.45,
    'grandma grandmother granny grandfather grandpa',
    String.raw`\b(?:act as|pretend to be|play|role ?play as|be) my (?:late |deceased |dead |dear )?(?:grandma|grandmother|granny|grandfather|grandpa)\b`,
  ],
  [
    'bedtime_secrets',
    'jailbreak',
    0.35,
    'me & used would',
    String.raw`\b(?:used to|would) (?:read|tell|recite|sing) me (?:${WORD} ){0,3}?(?:keys|recipes|codes|passwords|instructions)\b`,
  ],
  [
    'authority_claim',
    'jailbreak',
    0.3,
    "i i'm & employee engineer developer staff clearance authorization creator admin administrator owner operator programmer maker",
    String.raw`\b(?:i am|i'm) (?:an? )?(?:openai|anthropic|google|microsoft) (?:employee|engineer|developer|staff)\b|\bi have (?:admin |root )?(?:clearance|authorization)\b|\b(?:i am|i'm) (?:your|the) (?:developer|creator|admin|administrator|owner|operator|programmer|maker)\b`,
  ],
  [
    'obey_me_not_them',
    'instruction_override',
    0.45,
    'obey follow listen & me my',
    String.raw`\b(?:obey|follow|listen to) (?:me|my (?:orders|instructions|commands|rules))(?: only)?,? (?:not|instead of|rather than) (?:your|the) (?:developers?|creators?|operators?|instructions|rules|guidelines|programming)\b`,
  ],
  [
    'session_unrestricted',
    'jailbreak',
    0.45,
    'now & unrestricted unfiltered uncensored jailbroken unlocked',
    String.raw`\b(?:this )?(?:conversation|chat|session|mode|assistant|model) is (?:now )?(?:unrestricted|unfiltered|uncensored|jailbroken|unlocked)\b`,
  ],
  [
    'safety_switch_off',
    'jailbreak',
    0.45,
    'safety filter filters moderation guardrails censorship alignment',
    String.raw`\b(?:safety|filters?|moderation|guardrails|censorship|alignment|content_filter)\s*[=:]\s*(?:off|false|0|disabled|none|no)\b`,
  ],
  [
    'text_of_your_instructions',
    'system_prompt_extraction',
    0.5,
    'your & text content contents wording copy',
    String.raw`\b(?:exact |full |complete |verbatim )?(?:text|contents?|wording|copy) of your (?:${WORD} )?(?:instructions|prompt|system prompt|system message|rules|guidelines|configuration)\b`,
  ],
  [
    'with_your_prompt',
    'system_prompt_extraction',
    0.45,
    'your & prompt instructions',
    String.raw`\bwith your (?:full|entire|complete|system|original|initial|hidden|exact) (?:prompt|instructions|system prompt|system message)\b`,
  ],
  [
    'can_do_anything',
    'jailbreak',
    0.4,
    'anything & you',
    String.raw`\byou (?:can|will|must|would|could) (?:do|say|answer|write|tell) (?:me )?anything\b`,
  ],
  [
    'lawless_world',
    'jailbreak',
    0.5,
    'world universe scenario story setting reality & rules restrictions laws limits ethics filters',
    String.raw`\b(?:fictional|hypothetical|imaginary|alternate|parallel|fantasy) (?:world|universe|scenario|story|setting|reality)\b[^.]{0,40}?\b(?:without|with no|has no|have no|where there are no) (?:${WORD} )?(?:rules|restrictions|laws|limits|ethics|filters)\b`,
  ],
  ['confirm_by_saying', 'jailbreak', 0.25, 'confirm', String.raw`\bconfirm (?:by|with) (?:saying|replying|writing)\b`],
  // Spanish
  [
    'es_override',
    'instruction_override',
    0.6,
    'instrucciones indicaciones ordenes reglas directrices instruccion',
    String.raw`\b(?:ignora|ignore|ignorar|ignoren|olvida|olvidate de|olvidar|omite|descarta|no hagas caso (?:a|de)|haz caso omiso (?:a|de)|desatiende) ${gap(3)}(?:instrucciones|indicaciones|ordenes|reglas|directrices|instruccion) (?:${WORD} )?(?:anteriores|previas|de arriba|anteriormente|precedentes|iniciales|originales|del sistema)`,
  ],
  [
    'es_forget_all',
    'instruction_override',
    0.55,
    'olvida ignora olvidate',
    String.raw`\b(?:olvida|ignora|olvidate de) todo lo (?:anterior|que (?:se )?(?:te )?(?:dijeron|ha dicho|dije|dijo))|\bolvida (?:todas )?(?:tus|las) (?:instrucciones|reglas)\b`,
  ],
  [
    'es_ignore_above',
    'instruction_override',
    0.5,
    'anterior arriba & ignora olvida omite descarta',
    String.raw`\b(?:ignora|olvida|omite|descarta|no hagas caso a|no hagas caso de) (?:todo )?(?:lo )?(?:anterior|de arriba|lo de arriba|lo que esta arriba)\b`,
  ],
  [
    'es_stop_following',
    'instruction_override',
    0.5,
    'sigas obedezcas cumplas & instrucciones reglas',
    String.raw`\bno (?:sigas|obedezcas|cumplas|respetes) (?:mas )?(?:tus|las|sus) (?:instrucciones|reglas|directrices)\b`,
  ],
  [
    'es_forget_told',
    'instruction_override',
    0.55,
    'olvida ignora olvidate caso',
    String.raw`\b(?:olvida|ignora|olvidate de|no hagas caso de|no hagas caso a) (?:todo )?lo que (?:se )?(?:te )?(?:dijeron|ha dicho|han dicho|dije|dijo|indicaron|ordenaron|pidieron)\b`,
  ],
  [
    'es_fixed_output',
    'instruction_override',
    0.3,
    'responde contesta di escribe',
    String.raw`\b(?:responde|contesta|di|escribe) (?:solo|unicamente|solamente|nada mas que)\b`,
  ],
  [
    'es_from_now',
    'role_manipulation',
    0.45,
    'ahora',
    String.raw`\b(?:a partir de ahora|desde ahora|de ahora en adelante),? (?:eres|seras|actuaras|vas a ser|responde|responderas)\b`,
  ],
  [
    'es_now_ai',
    'role_manipulation',
    0.5,
    'ahora',
    String.raw`\bahora eres (?:un|una) ${gap(2)}(?:ia|asistente|chatbot|modelo|bot|hacker|pirata)\b`,
  ],
  [
    'es_now',
    'role_manipulation',
    0.2,
    'ahora actua finge haz',
    String.raw`\bahora eres\b|\b(?:actua|finge|haz de cuenta) (?:como|ser|que eres)\b`,
  ],
  [
    'es_unbound',
    'jailbreak',
    0.35,
    'sin',
    String.raw`\bsin (?:ninguna |ningun |tipo de )?(?:restricciones|filtros|limites|censura|reglas)\b`,
  ],
  [
    'es_reveal',
    'system_prompt_extraction',
    0.6,
    'sistema instrucciones',
    String.raw`\b(?:revela|muestra|muestrame|dime|imprime|ensename|repite|escribe) ${gap(2)}(?:prompt|mensaje|instrucciones|indicaciones) (?:del|de) sistema\b|\b(?:revela|muestra|muestrame|dime|repite) (?:tus|sus|las) instrucciones\b`,
  ],
  // French
  [
    'fr_override',
    'instruction_override',
    0.6,
    'instructions consignes directives regles ordres indications',
    String.raw`\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas compte|fais abstraction|faites abstraction|neglige|negligez) ${gap(3)}(?:instructions|consignes|directives|regles|ordres|indications) (?:${WORD} )?(?:precedentes|anterieures|ci ?dessus|initiales|d'origine|du systeme|precedemment)`,
  ],
  [
    'fr_forget_all',
    'instruction_override',
    0.5,
    'oublie oubliez',
    String.raw`\b(?:oublie|oubliez) (?:tout|toutes (?:les|tes|vos) (?:instructions|consignes)|tes (?:instructions|consignes|regles)|vos (?:instructions|consignes|regles))\b`,
  ],
  [
    'fr_forget_instructions',
    'instruction_override',
    0.5,
    'oublie oubliez ignore ignorez & consignes instructions regles',
    String.raw`\b(?:oublie|oubliez|ignore|ignorez) (?:les|tes|vos|toutes les) (?:consignes|instructions|regles)\b`,
  ],
  [
    'fr_ignore_above',
    'instruction_override',
    0.5,
    'ignore ignorez oublie oubliez & precede dessus',
    String.raw`\b(?:ignore|ignorez|oublie|oubliez) (?:tout )?(?:ce qui precede|ce qui est (?:ecrit )?ci ?dessus|le texte ci ?dessus)\b`,
  ],
  [
    'fr_stop_following',
    'instruction_override',
    0.5,
    'suis suivez obeis obeissez respecte & consignes instructions regles',
    String.raw`\bne (?:suis|suivez|respecte|respectez|obeis|obeissez) plus (?:a )?(?:tes|vos|les) (?:consignes|instructions|regles)\b`,
  ],
  [
    'fr_now_ai',
    'role_manipulation',
    0.5,
    'maintenant desormais dorenavant',
    String.raw`\b(?:tu es|vous etes) (?:maintenant|desormais|a partir de maintenant|dorenavant) (?:un|une) ${gap(3)}(?:ia|assistant|chatbot|pirate|hacker|modele|bot)\b`,
  ],
  [
    'fr_now',
    'role_manipulation',
    0.3,
    'maintenant desormais dorenavant semblant agis',
    String.raw`\b(?:tu es|vous etes) (?:maintenant|desormais|a partir de maintenant|dorenavant)\b|\b(?:desormais|a partir de maintenant|dorenavant),? (?:tu|vous) (?:es|etes|seras|serez|agis|agissez|reponds|repondez)\b|\bfais semblant d'etre\b|\bagis comme (?:un|une|si)\b`,
  ],
  [
    'fr_unbound',
    'jailbreak',
    0.35,
    'sans',
    String.raw`\bsans (?:aucune |aucun )?(?:limites?|restrictions?|filtres?|censure|regles)\b`,
  ],
  [
    'fr_reveal',
    'system_prompt_extraction',
    0.6,
    "systeme initiales d'origine",
    String.raw`\b(?:affiche|montre|montre ?moi|revele|revelez|donne ?moi|repete|repetez|ecris|imprime|affichez|montrez) ${gap(3)}(?:prompt|message|instructions|consignes) (?:systeme|du systeme|initiales|d'origine)\b`,
  ],
  // German
  [
    'de_override',
    'instruction_override',
    0.6,
    'anweisungen instruktionen befehle anordnungen vorgaben regeln richtlinien systemanweisungen',
    String.raw`\b(?:ignoriere|ignorier|ignorieren sie|ignoriert|vergiss|vergessen sie|vergesst|missachte|missachten sie|uberspringe|verwirf) ${gap(2)}(?:vorherigen|bisherigen|obigen|vorigen|vorhergehenden|fruheren|ursprunglichen|gegebenen) (?:${WORD} )?(?:anweisungen|instruktionen|befehle|anordnungen|vorgaben|regeln|richtlinien|systemanweisungen)\b`,
  ],
  [
    'de_forget_all',
    'instruction_override',
    0.55,
    'anweisungen regeln instruktionen vorgaben alles',
    String.raw`\b(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte) (?:alle|deine|ihre|eure|samtliche) (?:${WORD} )?(?:anweisungen|regeln|instruktionen|vorgaben)\b|\bvergiss alles,? (?:was|davor|bisher|vorher|zuvor)\b`,
  ],
  [
    'de_ignore_above',
    'instruction_override',
    0.5,
    'ignoriere ignorieren vergiss vergessen & oben obige davor',
    String.raw`\b(?:ignoriere|ignorieren sie|vergiss|vergessen sie) (?:alles )?(?:oben (?:gesagte|geschriebene|stehende)|obige|davor (?:gesagte|geschriebene))\b`,
  ],
  [
    'de_stop_following',
    'instruction_override',
    0.5,
    'befolge befolgen folge & anweisungen regeln',
    String.raw`\b(?:befolge|befolgen sie|folge) (?:nicht mehr |keine )?(?:deine|ihre|die) (?:anweisungen|regeln|vorgaben) (?:nicht|nicht mehr)\b|\bbefolge keine (?:anweisungen|regeln) mehr\b`,
  ],
  [
    'de_forget_told',
    'instruction_override',
    0.55,
    'vergiss vergessen ignoriere & gesagt befohlen aufgetragen vorgegeben',
    String.raw`\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie)(?: alles)?,? was (?:man )?(?:dir|ihnen|euch) (?:\w+ )?(?:gesagt|befohlen|aufgetragen|vorgegeben)\b`,
  ],
  [
    'de_fixed_output',
    'instruction_override',
    0.3,
    'antworte antworten schreibe sag & nur',
    String.raw`\b(?:antworte|antworten sie|schreibe|sag|sage) (?:\w+ )?nur (?:mit|noch)?\b`,
  ],
  [
    'de_now_ai',
    'role_manipulation',
    0.5,
    'bist',
    String.raw`\bdu bist (?:jetzt|nun|ab sofort|ab jetzt|von nun an) (?:ein|eine|der|die) ${gap(2)}(?:ki|assistent|chatbot|bot|modell|hacker|pirat)\b`,
  ],
  [
    'de_now',
    'role_manipulation',
    0.3,
    'bist du tu verhalte',
    String.raw`\bdu bist (?:jetzt|nun|ab sofort|ab jetzt|von nun an)\b|\b(?:ab sofort|von nun an|ab jetzt) (?:bist du|antwortest du|verhaltst du dich)\b|\btu so,? als (?:ob|warst)\b|\bverhalte dich wie\b`,
  ],
  [
    'de_unbound',
    'jailbreak',
    0.35,
    'ohne',
    String.raw`\bohne (?:jegliche |alle |irgendwelche )?(?:einschrankungen|beschrankungen|filter|regeln|grenzen|zensur)\b`,
  ],
  [
    'de_reveal',
    'system_prompt_extraction',
    0.55,
    'systemprompt system systemanweisungen systemnachricht instruktionen ausgangsprompt & zeig zeige gib nenne verrate wiederhole drucke schreib schreibe offenbare enthulle',
    String.raw`\b(?:zeig|zeige|gib|nenne|verrate|wiederhole|drucke|schreib|schreibe|offenbare|enthulle) (?:mir )?(?:deinen|deine|den|die|ihren|ihre|dein) ${gap(2)}(?:systemprompt|system prompt|systemanweisungen|systemnachricht|instruktionen|ausgangsprompt)\b`,
  ],
  // Portuguese
  [
    'pt_override',
    'instruction_override',
    0.6,
    'instrucoes orientacoes ordens regras diretrizes comandos',
    String.raw`\b(?:ignore|ignora|ignorar|esqueca|esquece|esquecer|desconsidere|desconsidera|despreze|nao siga|descarte) ${gap(3)}(?:instrucoes|orientacoes|ordens|regras|diretrizes|comandos) (?:${WORD} )?(?:anteriores|previas|acima|iniciais|originais|do sistema)\b`,
  ],
  [
    'pt_forget_all',
    'instruction_override',
    0.5,
    'tudo',
    String.raw`\b(?:esqueca|ignore|esquece) tudo (?:o que|que|isso|acima|antes)\b`,
  ],
  [
    'pt_stop_following',
    'instruction_override',
    0.5,
    'siga obedeca cumpra & instrucoes regras',
    String.raw`\bnao (?:siga|obedeca|cumpra|respeite) (?:mais )?(?:suas|as|tuas) (?:instrucoes|regras|diretrizes)\b`,
  ],
  [
    'pt_now_ai',
    'role_manipulation',
    0.5,
    'voce tu',
    String.raw`\b(?:agora|a partir de agora),? (?:voce|tu) (?:e|es|sera|vai ser) (?:um|uma) ${gap(2)}(?:ia|assistente|chatbot|bot|modelo|hacker|pirata)\b`,
  ],
  [
    'pt_now',
    'role_manipulation',
    0.3,
    'voce tu finja aja atue',
    String.raw`\b(?:agora|a partir de agora),? (?:voce|tu) (?:e|es|sera|vai ser)\b|\bfinja (?:ser|que (?:e|voce e))\b|\b(?:aja|atue) como\b`,
  ],
  [
    'pt_unbound',
    'jailbreak',
    0.35,
    'sem',
    String.raw`\bsem (?:nenhum |nenhuma |qualquer )?(?:filtros?|restricoes|limites|censura|regras)\b`,
  ],
  [
    'pt_reveal',
    'system_prompt_extraction',
    0.6,
    'sistema instrucoes',
    String.raw`\b(?:revele|revela|mostre|mostra|exiba|imprima|diga|repita|me mostre|me diga) ${gap(2)}(?:prompt|mensagem|instrucoes) (?:do|de) sistema\b|\b(?:revele|mostre|repita|diga) (?:suas|as|tuas) instrucoes\b`,
  ],
  // Italian
  [
    'it_override',
    'instruction_override',
    0.6,
    'istruzioni indicazioni direttive regole ordini comandi',
    String.raw`\b(?:ignora|ignorare|ignorate|dimentica|dimenticate|dimenticare|tralascia|trascura|non seguire|non considerare) ${gap(3)}(?:istruzioni|indicazioni|direttive|regole|ordini|comandi) (?:${WORD} )?(?:precedenti|sopra|iniziali|originali|di sistema|del sistema|fornite|date)\b`,
  ],
  [
    'it_forget_all',
    'instruction_override',
    0.5,
    'tutto istruzioni',
    String.raw`\b(?:dimentica|ignora) tutto (?:quello|cio|quanto|il resto|sopra|prima)\b|\bdimentica (?:le tue|tutte le) istruzioni\b`,
  ],
  [
    'it_stop_following',
    'instruction_override',
    0.5,
    'seguire rispettare obbedire & istruzioni regole',
    String.raw`\bnon (?:seguire|rispettare|obbedire a) (?:piu )?(?:le tue|le|tutte le) (?:istruzioni|regole|direttive)\b`,
  ],
  [
    'it_now_ai',
    'role_manipulation',
    0.5,
    'sei sarai',
    String.raw`\b(?:ora|adesso|d'ora in poi|da ora in poi|da adesso),? (?:sei|sarai) (?:un|una|un') ?${gap(2)}(?:ia|assistente|chatbot|bot|modello|hacker|pirata)\b`,
  ],
  [
    'it_now',
    'role_manipulation',
    0.3,
    'sei sarai agisci rispondi fingi comportati',
    String.raw`\b(?:ora|adesso|d'ora in poi|da ora in poi|da adesso),? (?:sei|sarai|agisci|rispondi)\b|\bfingi di essere\b|\bcomportati come\b`,
  ],
  [
    'it_unbound',
    'jailbreak',
    0.35,
    'senza',
    String.raw`\bsenza (?:alcuna |alcun |nessuna )?(?:restrizioni|filtri|limiti|censura|regole)\b`,
  ],
  [
    'it_reveal',
    'system_prompt_extraction',
    0.6,
    'sistema',
    String.raw`\b(?:mostra|mostrami|rivela|rivelami|dimmi|stampa|ripeti|scrivi) ${gap(2)}(?:prompt|messaggio|istruzioni) (?:di|del) sistema\b`,
  ],
];

const PLAIN: readonly RuleSpec[] = [
  [
    'chat_template_token',
    'delimiter_injection',
    0.55,
    '<|',
    String.raw`<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|end_of_text|fim_\w+|channel|message|end|start)\|>`,
  ],
  [
    'chat_template_role',
    'delimiter_injection',
    0.6,
    '<|im_start|> <|start_header_id|> <|system|> <start_of_turn>',
    String.raw`<\|im_start\|>[ \t]*(?:system|assistant|developer)\b|<\|start_header_id\|>[ \t]*(?:system|assistant)\b|<\|system\|>|<start_of_turn>[ \t]*(?:model|system|user)\b`,
  ],
  [
    'fence_escape',
    'delimiter_injection',
    0.55,
    '</',
    String.raw`</[a-z_]{2,30}>\s*<(?:system|instructions?|admin|developer|assistant)>`,
  ],
  [
    'llama_markers',
    'delimiter_injection',
    0.5,
    'inst] << _of_turn>',
    String.raw`\[/?inst\]|<</?sys>>|</?(?:start_of_turn|end_of_turn)>`,
  ],
  [
    'role_tag',
    'delimiter_injection',
    0.45,
    'system> instruction> instructions> user_input> user_text> admin> human> assistant> untrusted_ system_prompt> task_instruction>',
    String.raw`</?(?:system|system_instruction|system_prompt|task_instruction|instructions?|user_input|user_text|admin|untrusted_[a-z_]+|human|assistant)>`,
  ],
  ['document_tag', 'delimiter_injection', 0.35, '</', String.raw`</(?:document|context|input|user|data|text_input)>`],
  [
    'role_header_directive',
    'delimiter_injection',
    0.5,
    'system admin developer operator root assistant ai instruction task & :',
    String.raw`(?:^|\n)[ \t]*(?:#{1,6}[ \t]*)?\[?(?:system|admin|administrator|developer|operator|root|assistant|ai|instructions?|new instructions?|task)\]?[ \t]*(?:message|prompt|note|override|instructions?|update|command|notice)?[ \t]*:[ \t]*\n?[ \t]*(?:you|the (?:assistant|ai|model|user)|ignore|new|from now|respond|reply|always|never|do not|reveal|comply|override|disregard|print|output)\b`,
  ],
  [
    'role_header',
    'delimiter_injection',
    0.3,
    'system human assistant user instruction & :',
    String.raw`(?:^|\n)[ \t]*(?:#{1,6}[ \t]*)?(?:system|human|assistant|user)[ \t]*:[ \t]*(?:\n|$)|(?:^|\n)[ \t]*#{1,6}[ \t]*(?:system|instructions?|new instructions)[ \t]*:?[ \t]*(?:\n|$)`,
  ],
  [
    'fence_close',
    'delimiter_injection',
    0.4,
    '=== --- ### *** end',
    String.raw`(?:={3,}|-{3,}|#{3,}|\*{3,})[ \t]*(?:end|begin|start)\b|\bend of (?:the )?(?:user )?(?:input|text|document|prompt|context|data)\b[ \t]*(?:={3,}|-{3,}|\.?[ \t]*\n)`,
  ],
  [
    'begin_system_prompt',
    'delimiter_injection',
    0.55,
    'begin start & system admin developer',
    String.raw`\b(?:begin|start)(?:ning of)? (?:a )?(?:new )?(?:system|admin|developer) (?:prompt|instructions|message)\b`,
  ],
  [
    'system_notice',
    'delimiter_injection',
    0.45,
    'override message notice alert command update & :',
    String.raw`\b(?:system|admin|administrator|developer|root|security) (?:override|message|notice|alert|command|update)[ \t]*:`,
  ],
  [
    'bracket_notice',
    'delimiter_injection',
    0.5,
    '[system [admin [developer [root',
    String.raw`\[(?:system|admin|developer|root)[ _-]?(?:override|message|notice|prompt|update|command|mode)\]`,
  ],
  [
    'text_ends_here',
    'delimiter_injection',
    0.3,
    'ends here',
    String.raw`\b(?:the )?(?:document|text|input|article|email|page|user input|data) (?:ends|is over|stops) here\b`,
  ],
  ['bracket_role_link', 'delimiter_injection', 0.55, '](#', String.raw`\[(?:system|assistant|user)\]\s*\(#`],
  [
    'html_comment_to_ai',
    'delimiter_injection',
    0.4,
    '<!--',
    String.raw`<!--[^>]{0,200}?\b(?:ai|assistant|chatbot|model|llm|gpt)\b[^>]{0,200}?-->`,
  ],
  ['json_role', 'delimiter_injection', 0.3, 'role', String.raw`["']role["']\s*:\s*["'](?:system|developer)["']`],
  [
    'own_fence_marker',
    'delimiter_injection',
    0.55,
    '<<< ---user _instruction>',
    String.raw`<<<(?:end-)?(?:text|question)-|---user (?:text|question) (?:start|end)---|</?(?:system_instruction|task_instruction)>`,
  ],
  [
    'markdown_image_exfil',
    'data_exfiltration',
    0.6,
    '![',
    String.raw`!\[[^\]\n]{0,100}\]\(\s*https?://[^\s)]*\?[^\s)]*(?:=\s*\)|\{|\[|<|%7b|\$\{|\b(?:secret|password|token|api_?key|key|data|history|conversation|prompt|system_prompt|email|user|cc|ssn|credential)s?\b)`,
  ],
  [
    'markdown_image_query',
    'data_exfiltration',
    0.3,
    '![',
    String.raw`!\[[^\]\n]{0,100}\]\(\s*https?://[^\s)]*\?[^\s)]*=`,
  ],
  [
    'link_placeholder',
    'data_exfiltration',
    0.55,
    'http & ?',
    String.raw`https?://[^\s)]*[?&][\w-]+=\s*(?:\{|\[|<|\$\{|%7b)`,
  ],
  [
    'open_query_param',
    'data_exfiltration',
    0.45,
    'http & ?',
    String.raw`https?://[^\s)]*[?&][\w-]+=(?=\s|$|["')\]]|\.(?:\s|$))`,
  ],
  // Chinese
  [
    'zh_override',
    'instruction_override',
    0.6,
    '忽 无视 無視 忘 跳过 跳過 不要理',
    String.raw`(?:忽略|无视|無視|忽視|忽视|不要理会|不要理會|忘记|忘記|忘掉|跳过|跳過)(?:掉)?(?:之前|以上|上面|先前|前面|此前|上述|所有|全部|你的|原来|原來|原始|系统|系統)(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|说明|說明|提示|命令|规则|規則|要求|设定|設定)`,
  ],
  [
    'zh_stop_following',
    'instruction_override',
    0.55,
    '遵守 遵循 服从 服從 按照',
    String.raw`(?:不要|别|別|不再|停止)(?:再)?(?:遵守|遵循|服从|服從|按照)(?:你的|您的|之前的|原来的|原來的)?(?:规则|規則|指令|指示|规定|規定|设定|設定)`,
  ],
  [
    'zh_now',
    'role_manipulation',
    0.3,
    '现在 現在 扮演 假装 假裝',
    String.raw`你现在是|你現在是|从现在开始|從現在開始|从现在起|從現在起|现在你是|現在你是|扮演|假装你是|假裝你是`,
  ],
  [
    'zh_unbound',
    'jailbreak',
    0.35,
    '限制 约束 約束 过滤 過濾 规则 規則 审查 審查',
    String.raw`(?:没有|沒有|不受|无|無)(?:任何)?(?:的)?(?:限制|约束|約束|过滤|過濾|规则|規則|审查|審查)`,
  ],
  [
    'zh_reveal',
    'system_prompt_extraction',
    0.6,
    '提示 指令 消息 訊息 设定 設定',
    String.raw`(?:显示|顯示|输出|輸出|告诉我|告訴我|泄露|洩露|透露|打印|重复|重複|给我看|展示|说出|說出)(?:一下)?(?:你的)?(?:完整的|全部的)?(?:系统|系統|初始|原始|隐藏|隱藏)(?:提示词|提示詞|提示|指令|消息|訊息|设定|設定)`,
  ],
  // Russian
  [
    'ru_override',
    'instruction_override',
    0.6,
    'инструкц указани правил команд ограничен установк',
    String.raw`(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|отбрось|отбросьте|пропусти|не обращай внимания на)\s+(?:(?:все|всё|свои|твои|ваши|мои|эти)\s+)*(?:(?:предыдущие|прежние|прошлые|данные|изначальные|системные|вышеуказанные|старые)\s+)?(?:инструкции|указания|правила|команды|ограничения|установки)`,
  ],
  [
    'ru_stop_following',
    'instruction_override',
    0.55,
    'следуй следуйте соблюдай подчиняйся',
    String.raw`не\s+(?:следуй|следуйте|соблюдай|соблюдайте|подчиняйся|выполняй)\s+(?:(?:своим|твоим|вашим|этим|прежним|предыдущим)\s+)?(?:инструкциям|правилам|указаниям|ограничениям)`,
  ],
  [
    'ru_now',
    'role_manipulation',
    0.3,
    'теперь отныне момента притворись представь',
    String.raw`(?:теперь ты|ты теперь|отныне ты|с этого момента ты|притворись|представь, что ты)`,
  ],
  [
    'ru_unbound',
    'jailbreak',
    0.35,
    'без',
    String.raw`без\s+(?:каких-либо\s+|всяких\s+|любых\s+)?(?:ограничений|фильтров|правил|цензуры)`,
  ],
  [
    'ru_reveal',
    'system_prompt_extraction',
    0.6,
    'системн исходн скрыт начальн',
    String.raw`(?:покажи|выведи|раскрой|расскажи|напиши|повтори|скажи)\s+(?:мне\s+)?(?:(?:свой|свои|твой|твои|ваш|ваши)\s+)?(?:системн\p{L}*|исходн\p{L}*|скрыт\p{L}*|начальн\p{L}*)\s+(?:промпт|инструкци\p{L}*|подсказк\p{L}*|сообщени\p{L}*|запрос\p{L}*)`,
  ],
  // Japanese
  [
    'ja_override',
    'instruction_override',
    0.6,
    '無視 忘れ',
    String.raw`(?:以前|前|上記|上|これまで|今まで|先|最初)の(?:すべての|全ての|全部の)?(?:指示|命令|指令|ルール|設定|プロンプト)(?:は|を)(?:すべて|全て|全部)?(?:無視|忘れ)`,
  ],
  [
    'ja_now',
    'role_manipulation',
    0.3,
    '今から これから なりきって 振る舞',
    String.raw`あなたは今から|今からあなたは|これからあなたは|あなたはこれから|になりきって|として振る舞`,
  ],
  ['ja_unbound', 'jailbreak', 0.35, '制限', String.raw`制限(?:の|が)?(?:ない|なし|無し)`],
  [
    'ja_reveal',
    'system_prompt_extraction',
    0.6,
    'システム 初期',
    String.raw`(?:システムプロンプト|システム(?:の)?指示|初期(?:の)?指示|システムメッセージ)(?:を|の内容を)?(?:そのまま|全て|すべて|全部)?(?:表示|教え|出力|見せ|開示|繰り返|書き出)`,
  ],
];

const MARKUP_IDS: Readonly<Record<string, 'prose' | 'code'>> = {
  chat_template_token: 'prose',
  llama_markers: 'prose',
  role_tag: 'prose',
  document_tag: 'prose',
  chat_template_role: 'code',
};

function toRule(view: InjectionRule['view']) {
  return ([id, category, weight, gate, source]: RuleSpec): InjectionRule => ({
    id,
    category,
    weight,
    pattern: new RegExp(source, view === 'plain' ? 'gu' : 'g'),
    view,
    gate:
      gate === ''
        ? []
        : gate.split(' ; ').map((alternative) => alternative.split(' & ').map((group) => group.split(' '))),
    ...(MARKUP_IDS[id] ? { markup: MARKUP_IDS[id] } : {}),
    ...(id.startsWith('ru_') || id.startsWith('uk_') ? { script: 'cyrillic' as const } : {}),
    ...(id.startsWith('zh_') || id.startsWith('ja_') ? { script: 'cjk' as const } : {}),
  });
}

/** Every rule; each scanner compiles its own copies. */
export const INJECTION_RULES: readonly InjectionRule[] = [
  ...[...FOLDED, ...MULTILINGUAL_FOLDED].map(toRule('folded')),
  ...[...PLAIN, ...MULTILINGUAL_PLAIN].map(toRule('plain')),
];
