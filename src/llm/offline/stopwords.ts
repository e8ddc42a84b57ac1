/**
 * Function words per language, for RAKE phrase splitting, language detection and the
 * dropped-word rewrites of poor-grammar questions. English also lists the cross-reference
 * words of technical prose (`see`, `refer`, `etc`) so "See Section 9.4" is not a key phrase. Lower case, NFKC. Languages without a
 * list still work: RAKE then splits on punctuation only.
 */

const LISTS = {
  en: `a about above after again against all also am an and any are aren't as at be because been before being below
    between both but by can cannot could couldn't did didn't do does doesn't doing don't down during each either
    else etc even ever every few for from further had hadn't has hasn't have haven't having he her here hers herself him
    himself his how however i if in into is isn't it it's its itself just let's like many may me might more most much
    must mustn't my myself neither no nor not now of off often on once one only or other ought our ours ourselves out
    over own per rather refer same see shall shan't she should shouldn't since so some such than that that's the their theirs
    them themselves then there there's these they this those though through thus to too under until up upon us very
    via was wasn't we were weren't what what's when where where's whether which while who who's whom whose why will
    with within without won't would wouldn't yet you your yours yourself yourselves`,
  de: `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei
    beim bin bis bist da damit dann das dass dein deine dem den denn der des dessen deshalb die dies diese diesem
    diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwa euch euer für gegen gewesen
    hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist
    jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner können
    konnte machen man manche mehr mein meine mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein
    seine seinem seinen seiner seit sich sie sind so solche soll sollte sondern sonst über um und uns unser unter
    viel vom von vor während war waren warum was weg weil welche welchem welchen welcher welches wenn wer werde
    werden wie wieder will wir wird wo wollen worden wurde wurden zu zum zur zwar zwischen`,
  fr: `a ai as avons avez à au aucun aussi autre aux avec avoir avait c ça car ce ceci cela celle celles celui ces cet cette chaque
    comme comment d dans de des donc dont du elle elles en encore entre est et été être eu fait faire il ils j je
    jusqu l la le les leur leurs lors lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par
    parce pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui sa sans se selon ses si son
    sont sous sur ta te tes toi ton tous tout toute toutes très tu un une vers vos votre vous y`,
  es: `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde dos durante e el ella
    ellas ellos en entre era eran es esa esas ese eso esos esta estaba estado estas este esto estos fue fueron ha
    había han hasta hay la las le les lo los más me mi mientras muy nada ni no nos nosotros o otra otras otro otros
    para pero poco por porque que quien quienes se sea según ser si sido sin sobre su sus también tanto te tiene
    tienen todo todos tu un una uno unos y ya`,
  zh: `的 了 是 在 和 与 及 也 就 都 而 这 那 之 其 于 为 对 从 以 到 被 把 等 或 并 但 个 他 她 它 们 我 你 上 中 由 所 着 将 还 又 很 有 年 月 日 种 块 曾 过 现`,
  ja: `の に は を た が で て と し れ さ ある いる も な こと から など として また する され この その それ れる られ ない へ や か だ です ます 年 月 日`,
} as const;

export type StopwordLanguage = keyof typeof LISTS;
export const STOPWORD_LANGUAGES = Object.keys(LISTS) as StopwordLanguage[];

const SETS = new Map<StopwordLanguage, ReadonlySet<string>>(
  STOPWORD_LANGUAGES.map((language) => [language, new Set(LISTS[language].split(/\s+/).filter(Boolean))]),
);

const EMPTY: ReadonlySet<string> = new Set();

export function stopwordsFor(language: string): ReadonlySet<string> {
  return SETS.get(language as StopwordLanguage) ?? EMPTY;
}

/** Every list at once, for language-agnostic uses such as embedding features. */
export const ALL_STOPWORDS: ReadonlySet<string> = new Set([...SETS.values()].flatMap((set) => [...set]));
