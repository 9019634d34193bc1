"""English word lists for the readability checks.

Origin and licence: ported as data from Yoast SEO's text analysis, the
`yoastseo` package 3.6.0 (npm; source in github.com/Yoast/wordpress-seo,
languageProcessing/languages/en/config/), by Yoast, licensed under
GPL-3.0. This file is distributed under that licence, and so is the project
(GPL-3.0-or-later for its own code; see LICENSE and the README's "Licence").

Ported so that our passive-voice and transition-word figures agree with
Yoast's. Phrases are matched word by word, as seo.text.words splits them.
"""

# internal/passiveVoiceAuxiliaries.js: forms of "to be" and "to get".
AUXILIARIES = frozenset(
    """
    am is are was were been be she's he's it's i'm we're they're you're that's being
    isn't weren't wasn't aren't get gets got gotten getting having what's
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# The Document's words keep a typographic apostrophe as written.
AUXILIARY_TOKENS = AUXILIARIES | {w.replace("'", "’") for w in AUXILIARIES}

# stopWords.js: words (and phrases) that start a new clause.
PASSIVE_STOP_WORDS = frozenset(
    """
    to which who whom that whose after although as because before if inasmuch lest
    once provided since than though till unless until when whenever where whereas
    wherever whether while why supposing how what won't do does and but or
    """.split()  # noqa: SIM905
)
PASSIVE_STOP_PHRASES: dict[str, tuple[tuple[str, ...], ...]] = {
    "even": (("even", "if"), ("even", "though")),
    "in": (("in", "order", "that"),),
    "so": (("so", "that"),),
    "by": (("by", "the", "time"),),
    "no": (("no", "matter"),),
}

# functionWords.js, cannotDirectlyPrecedePassiveParticiple: articles,
# prepositions, demonstratives, possessives, ordinals, continuous verbs and
# quantifiers.
CANNOT_PRECEDE_PARTICIPLE = frozenset(
    """
    the an a in from with under throughout atop for on of to aboard about above
    abreast absent across adjacent after against along alongside amid mid among
    apropos apud around as astride at ontop afore tofore behind ahind below ablow
    beneath neath beside between atween beyond ayond by chez circa spite down except
    into less like minus near nearer nearest anear notwithstanding off onto opposite
    out outen over past per pre qua sans sithence through thru truout toward
    underneath up upon upside versus via vis-à-vis without ago apart aside aslant
    away withal towards amidst amongst midst whilst this that these those my your his
    her its their our mine yours hers theirs ours first second third fourth fifth
    sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth
    sixteenth seventeenth eighteenth nineteenth twentieth doing daring having
    appearing becoming coming keeping remaining staying saying asking stating seeming
    letting making setting showing putting adding going using trying containing all
    some many lot lots ton tons bit no every enough little much more most plenty
    several few fewer kind kinds vis à
    """.split()  # noqa: SIM905
)

# functionWords.js, cannotBeBetweenPassiveAuxiliaryAndParticiple: other
# auxiliaries, copulas, interview verbs and delexicalised verbs.
CANNOT_BE_BETWEEN = frozenset(
    """
    can cannot can't could couldn't could've dare dares dared do don't does doesn't
    did didn't done have haven't had hadn't has hasn't i've you've we've they've i'd
    you'd he'd she'd it'd we'd they'd would wouldn't would've may might must need
    needn't needs ought shall shalln't shan't should shouldn't will won't i'll you'll
    he'll she'll it'll we'll they'll there's there're there'll here's here're appear
    appears appeared become becomes became come comes came keep keeps kept remain
    remains remained stay stays stayed turn turns turned say says said claimed ask
    asks asked stated explain explains explained think thinks talks talked announces
    announced tells told discusses discussed suggests suggested understands
    understood seem seems seemed let let's lets make makes made want showed shown go
    goes went gone take takes took taken put puts use used try tries tried mean means
    meant called based add adds added contain contains contained consist consists
    consisted ensure ensures ensured
    """.split()  # noqa: SIM905
)

# firstWordExceptions.js: first words compared together with the second.
FIRST_WORD_EXCEPTIONS = frozenset(
    """
    the a an one two three four five six seven eight nine ten this that these those
    """.split()  # noqa: SIM905
)

# transitionWords.js (singleWords and multipleWords).
TRANSITION_LIST = (
    """
    accordingly additionally afterward afterwards albeit also although altogether
    another basically because before besides but certainly chiefly comparatively
    concurrently consequently contrarily conversely correspondingly despite doubtedly
    during e.g. earlier emphatically equally especially eventually evidently explicitly
    finally firstly following formerly forthwith fourthly further furthermore generally
    hence henceforth however i.e. identically indeed initially instead last lastly later
    lest likewise markedly meanwhile moreover nevertheless nonetheless nor
    notwithstanding obviously occasionally otherwise overall particularly presently
    previously rather regardless secondly shortly significantly similarly simultaneously
    since so soon specifically still straightaway subsequently surely surprisingly than
    then thereafter therefore thereupon thirdly though thus till undeniably undoubtedly
    unless unlike unquestionably until when whenever whereas while whether if actually
    anyway anyways anyhow mostly namely including suddenly
    """.split()  # noqa: SIM905
) + [
    phrase.strip()
    for phrase in """
    above all, after all, after that, all in all, all of a sudden, all things
    considered, analogous to, although this may be true, another key point, as a matter
    of fact, as a result, as an illustration, as can be seen, as has been noted, as I
    have noted, as I have said, as I have shown, as long as, as much as, as opposed to,
    as shown above, as soon as, as well as, at any rate, at first, at last, at least, at
    length, at the present time, at the same time, at this instant, at this point, at
    this time, balanced against, being that, by all means, by and large, by comparison,
    by the same token, by the time, compared to, be that as it may, coupled with,
    different from, due to, equally important, even if, even more, even so, even though,
    first thing to remember, for example, for fear that, for instance, for one thing,
    for that reason, for the most part, for the purpose of, for the same reason, for
    this purpose, for this reason, from time to time, given that, given these points,
    important to realize, in a word, in addition, in another case, in any case, in any
    event, in brief, in case, in conclusion, in contrast, in detail, in due time, in
    effect, in either case, either way, in essence, in fact, in general, in light of, in
    like fashion, in like manner, in order that, in order to, in other words, in
    particular, in reality, in short, in similar fashion, in spite of, in sum, in
    summary, in that case, in the event that, in the final analysis, in the first place,
    in the fourth place, in the hope that, in the light of, in the long run, in the
    meantime, in the same fashion, in the same way, in the second place, in the third
    place, in this case, in this situation, in time, in truth, in view of, inasmuch as,
    most compelling evidence, most important, must be remembered, not only, not to
    mention, note that, now that, of course, on account of, on balance, on condition
    that, on one hand, on the condition that, on the contrary, on the negative side, on
    the other hand, on the positive side, on the whole, on this occasion, all at once,
    once in a while, only if, owing to, point often overlooked, prior to, provided that,
    seeing that, so as to, so far, so long as, so that, sooner or later, such as,
    summing up, take the case of, that is, that is to say, then again, this time, to be
    sure, to begin with, to clarify, to conclude, to demonstrate, to emphasize, to
    enumerate, to explain, to illustrate, to list, to point out, to put it another way,
    to put it differently, to repeat, to rephrase it, to say nothing of, to sum up, to
    summarize, to that end, to the end that, to this end, together with, under those
    circumstances, until now, up against, up to the present time, vis a vis, what's
    more, what is more, while it may be true, while this may be true, with attention to,
    with the result that, with this in mind, with this intention, with this purpose in
    mind, without a doubt, without delay, without doubt, without reservation, according
    to, no sooner, at most, at the most, from now on
    """.split(",")  # noqa: SIM905
]


# twoPartTransitionWords.js: both parts anywhere in the sentence.
TWO_PART_LIST = (
    ("both", "and"),
    ("not only", "but also"),
    ("neither", "nor"),
    ("either", "or"),
    ("not", "but"),
)


# internal/passiveVoiceIrregulars.js: irregular participles.
IRREGULAR_PARTICIPLES = frozenset(
    """
    arisen awoken reawoken babysat backslid backslidden beat beaten become begun bent
    unbent bet bid outbid rebid underbid overbid bidden bitten blown bought overbought
    bound unbound rebound broadcast rebroadcast broken brought browbeat browbeaten built
    prebuilt rebuilt overbuilt burnt burst bust cast miscast recast caught chosen clung
    come overcome cost crept cut undercut recut daydreamt dealt misdealt redealt
    disproven done predone outdone misdone redone overdone undone drawn outdrawn redrawn
    overdrawn dreamt driven outdriven drunk outdrunk overdrunk dug dwelt eaten overeaten
    fallen felt fit refit retrofit flown outflown flung forbidden forecast foregone
    foreseen foretold forgiven forgotten forsaken fought outfought found frostbitten
    frozen unfrozen given gone undergone gotten ground reground grown outgrown regrown
    had handwritten heard reheard misheard overheard held hewn hidden unhidden hit hung
    rehung overhung unhung hurt inlaid input interwound interwoven jerry-built kept
    knelt knit reknit unknit known laid mislaid relaid overlaid lain underlain leant
    leapt outleapt learnt unlearnt relearnt mislearnt left lent let lip-read lit relit
    lost made premade remade meant met mown offset paid prepaid repaid overpaid partaken
    proofread proven put quick-frozen quit read misread reread retread rewaken rid
    ridden outridden overridden risen roughcast run outrun rerun overrun rung said
    sand-cast sat outsat sawn seen overseen sent resent set preset reset misset sewn
    resewn oversewn unsewn shaken shat shaven shit shone outshone shorn shot outshot
    overshot shown shrunk preshrunk shut sight-read slain slept outslept overslept slid
    slit slung unslung slunk smelt outsmelt snuck sold undersold presold outsold resold
    oversold sought sown spat spelt misspelt spent underspent outspent misspent
    overspent spilt overspilt spit split spoilt spoken outspoken misspoken overspoken
    spread sprung spun unspun stolen stood understood misunderstood strewn stricken
    stridden striven struck strung unstrung stuck unstuck stung stunk sublet sunburnt
    sung outsung sunk sweat swept swollen sworn outsworn swum outswum swung taken
    undertaken mistaken retaken overtaken taught mistaught retaught telecast test-driven
    test-flown thought outthought rethought overthought thrown outthrown overthrown
    thrust told retold torn retorn trod trodden typecast typeset upheld upset waylaid
    wept wet rewet withdrawn withheld withstood woken won rewon worn reworn wound
    rewound overwound unwound woven rewoven unwoven written typewritten underwritten
    outwritten miswritten rewritten overwritten wrung
    """.split()  # noqa: SIM905
)


# internal/passiveVoiceNonVerbEndingEd.js: words in -ed that are not
# participles (adjectives and nouns such as "aforementioned", "hundred").
NOT_VERBS_IN_ED = frozenset(
    """
    ablebodied abovementioned absentminded accoladed accompanied acculturized accursed
    acerated acerbated acetylized achromatised achromatized acidified acned actualised
    adrenalised adulated adversed aestheticised affectioned affined affricated
    aforementioned agerelated aggrieved airbed aircooled airspeed alcoholized alcoved
    alkalised allianced aluminized alveolated ambered ammonified amplified
    anagrammatised anagrammatized anathematised aniseed ankled annualized anonymised
    anthologized antlered anucleated anviled anvilshaped apostrophised apostrophized
    appliqued apprized arbitrated armored articled ashamed assented atomised atrophied
    auricled auriculated aurified autopsied axled babied backhoed badmannered
    badtempered balustered baned barcoded bareboned barefooted barelegged barnacled
    based bayoneted beadyeyed beaked beaned beatified beautified beavered bed bedamned
    bedecked behoved belated bellbottomed bellshaped benighted bequeathed berried
    bespectacled bewhiskered bighearted bigmouthed bigoted bindweed binucleated biopsied
    bioturbed biped bipinnated birdfeed birdseed bisegmented bitterhearted
    blabbermouthed blackhearted bladed blankminded blearyeyed bleed blissed blobbed
    blondhaired bloodied bloodred bloodshed blueblooded boatshaped bobsled bodied
    boldhearted boogied boosed bosomed bottlefed bottlefeed bottlenecked bouldered
    bowlegged bowlshaped brandied bravehearted breastfed breastfeed breed brighteyed
    brindled broadhearted broadleaved broadminded brokenhearted broomed broomweed
    buccaned buckskinned bucktoothed buddied buffaloed bugeyed bugleweed bugweed
    bulletined bunked busied butterfingered cabbed caddied cairned calcified canalized
    candied cannulated canoed canopied canvased caped capsulated cassocked castellated
    catabolised catheterised caudated cellmediated cellulosed certified chagrined
    chambered chested chevroned chickenfeed chickenhearted chickweed chilblained
    childbed chinned chromatographed ciliated cindered cingulated circumstanced
    cisgendered citrullinated clappered clarified classified clawshaped claysized
    cleanhearted clearminded clearsighted cliched clodded cloistered closefisted
    closehearted closelipped closemouthed closeted cloudseed clubfooted clubshaped clued
    cockeyed codified coed coevolved coffined coiffed coinfected coldblooded coldhearted
    collateralised colonialised colorcoded colorised colourised columned commoditized
    compactified companioned complexioned conceited concerned concussed coneshaped
    congested contented convexed coralled corymbed cottonseed countrified countrybred
    courtmartialled coved coveralled cowshed cozied cragged crayoned credentialed creed
    crenulated crescentshaped cressweed crewed cricked crispated crossbarred crossbed
    crossbred crossbreed crossclassified crosseyed crossfertilised crossfertilized
    crossindexed crosslegged crossshaped crossstratified crossstriated crotched
    crucified cruelhearted crutched cubeshaped cubified cuckolded cucumbershaped
    cumbered cuminseed cupshaped curated curded curfewed curlicued curlycued curried
    curtsied cyclized cylindershaped damed dandified dangered darkhearted daybed
    daylighted deacidified deacylated deadhearted deadlined deaminized deathbed
    decalcified decertified deckbed declassified declutched decolourated decreed deed
    deeprooted deepseated defensed defied deflexed deglamorised degunkified dehumidified
    deified deled delegitimised demoded demystified denasalized denazified denied
    denitrified denticulated deseed desexualised desposited detoxified deuced
    devitrified dewlapped dezincified diagonalised dialogued died digitated dignified
    dilled dimwitted diphthonged disaffected disaggregated disarrayed discalced
    discolorated discolourated discshaped diseased disembodied disencumbered
    disfranchised diskshaped disproportionated disproportioned disqualified distempered
    districted diversified diverticulated divested divvied dizzied dogged dogsbodied
    dogsled domeshaped domiciled dormered doublebarrelled doublestranded doublewalled
    downhearted duckbilled eared echeloned eddied edified eggshaped elasticated
    electrified elegized embed embodied emceed empaneled empanelled emptyhearted
    emulsified engined ennobled envied enzymecatalysed enzymecatalyzed epitomised
    epoxidized epoxied etherised etherized evilhearted evilminded exceed excited
    exemplified exponentiated expurgated extravasated extraverted extroverted fabled
    facelifted facsimiled fainthearted falcated falsehearted falsified famed fancified
    fanged fanshaped fantasied farsighted fated fatted fazed featherbed fed federalized
    feeblehearted feebleminded feeblewitted feed fendered fenestrated ferried fevered
    fibered fibred ficklehearted fiercehearted figged filigreed filterfeed fireweed
    firmhearted fissured flanged flanneled flannelled flatbed flatfooted flatted flawed
    flaxenhaired flaxseed flaxweed flighted floodgenerated flowerbed fluidised fluidized
    flurried fobbed fonded forcefeed foreshortened foresighted forkshaped formfeed
    fortified fortressed foulmouthed foureyed foxtailed fractionalised fractionalized
    frankhearted freed freehearted freespirited frenzied friezed frontiered fructified
    frumped fullblooded fullbodied fullfledged fullhearted funnelshaped furnaced
    gaitered galleried gangliated ganglionated gangrened gargoyled gasified gaunted
    gauntleted gauzed gavelled gelatinised gemmed genderized gentled gentlehearted
    gerrymandered gladhearted glamored globed gloried glorified glycosylated goateed
    gobletshaped godspeed goodhearted goodhumored goodhumoured goodnatured goodtempered
    goosed goosenecked goutweed grainfed grammaticalized grapeseed gratified graved
    gravelbed grayhaired greathearted greed greenweed grommeted groundspeed groved
    gruffed guiled gulled gumshoed gunkholed gussied guyed gyrostabilized hackneyed
    hagged haired halfcivilized halfhearted halfwitted haloed handballed handfed
    handfeed hardcoded hardhearted hardnosed hared harelipped hasted hatred haunched
    hawkeyed hayseed hayweed hearsed hearted heartshaped heavenlyminded heavyfooted
    heavyhearted heed heired heisted helicoptered helmed helmeted hemagglutinated
    hemolyzed hempseed hempweed heparinised heparinized herbed highheeled highminded
    highpriced highspeed highspirited hilled hipped hispanicised hocked hoed hogweed
    holstered homaged hoodooed hoofed hooknosed hooved horned horrified horseshoed
    horseweed hotbed hotblooded hothearted hotted hottempered hued humansized humidified
    humped hundred hutched hyperinflated hyperpigmented hyperstimulated hypertrophied
    hyphened hypophysectomised hypophysectomized hypopigmented hypostatised
    hysterectomized iconified iconised iconized ideologised illbred illconceived
    illdefined illdisposed illequipped illfated illfavored illfavoured illflavored
    illfurnished illhumored illhumoured illimited illmannered illnatured illomened
    illproportioned illqualified illscented illtempered illumed illusioned imbed
    imbossed imbued immatured impassioned impenetrated imperfected imperialised
    imperturbed impowered imputed inarticulated inbred inbreed incapsulated incased
    incrustated incrusted indebted indeed indemnified indentured indigested indisposed
    inexperienced infrared intensified intentioned interbedded interbred interbreed
    interluded introverted inured inventoried iodinated iodised irked ironfisted
    ironweed itchweed ivied ivyweed jagged jellified jerseyed jetlagged jetpropelled
    jeweled jewelled jewelweed jiggered jimmyweed jimsonweed jointweed joyweed jungled
    juried justiceweed justified karstified kerchiefed kettleshaped kibbled kidneyshaped
    kimonoed kindhearted kindred kingsized kirtled knacked knapweed kneed knobbed
    knobweed knopweed knotweed lakebed lakeweed lamed lamellated lanceshaped lanceted
    landbased lapeled lapelled largehearted lariated lased latticed lauded lavaged
    lavendered lawned led lefteyed legitimatised legitimatized leisured lensshaped
    leveed levied lichened lichenized lidded lifesized lightfingered lightfooted
    lighthearted lightminded lightspeed lignified likeminded lilylivered limbed
    linearised linearized linefeed linseed lionhearted liquefied liquified lithified
    liveried lobbied located locoweed longarmed longhaired longhorned longlegged
    longnecked longsighted longwinded lopsided loudmouthed louvered louvred lowbred
    lowpriced lowspirited lozenged lunated lyrated lysinated maced macroaggregated
    macrodissected maculated madweed magnified maidenweed maladapted maladjusted
    malnourished malrotated maned mannered manuevered manyhued manyshaped manysided
    masted mealymouthed meanspirited membered membraned metaled metalized metallised
    metallized metamerized metathesized meted methylated mettled microbrecciated
    microminiaturized microstratified middleaged midsized miffed mildhearted milkweed
    miniskirted misactivated misaligned mischiefed misclassified misdeed misdemeaned
    mismannered misnomered misproportioned miswired mitred mitted mittened moneyed
    monocled mononucleated monospaced monotoned monounsaturated mortified moseyed
    motorised motorized moussed moustached muddied mugweed multiarmed multibarreled
    multibladed multicelled multichambered multichanneled multichannelled multicoated
    multidirected multiengined multifaceted multilaminated multilaned multilayered
    multilobed multilobulated multinucleated multipronged multisegmented multisided
    multispeed multistemmed multistoried multitalented multitoned multitowered
    multivalued mummied mummified mustached mustachioed mutinied myelinated mystified
    mythicised naked narcotised narrowminded natured neaped nearsighted necrosed
    nectared need needleshaped newfangled newlywed nibbed nimblewitted nippled nixed
    nobled noduled noised nonaccented nonactivated nonadsorbed nonadulterated nonaerated
    nonaffiliated nonaliased nonalienated nonaligned nonarchived nonarmored
    nonassociated nonattenuated nonblackened nonbreastfed nonbrecciated nonbuffered
    nonbuttered noncarbonated noncarbonized noncatalogued noncatalyzed noncategorized
    noncertified nonchlorinated nonciliated noncircumcised noncivilized nonclassified
    noncoated noncodified noncoerced noncommercialized noncommissioned noncompacted
    noncompiled noncomplicated noncomposed noncomputed noncomputerized nonconcerted
    nonconditioned nonconfirmed noncongested nonconjugated noncooled noncorrugated
    noncoupled noncreated noncrowded noncultured noncurated noncushioned nondecoded
    nondecomposed nondedicated nondeferred nondeflated nondegenerated nondegraded
    nondelegated nondelimited nondelineated nondemarcated nondeodorized nondeployed
    nonderivatized nonderived nondetached nondetailed nondifferentiated nondigested
    nondigitized nondilapidated nondilated nondimensionalised nondimensionalized
    nondirected nondisabled nondisciplined nondispersed nondisputed nondisqualified
    nondisrupted nondisseminated nondissipated nondissolved nondistressed nondistributed
    nondiversified nondiverted nondocumented nondomesticated nondoped nondrafted
    nondrugged nondubbed nonducted nonearthed noneclipsed nonedged nonedited
    nonelasticized nonelectrified nonelectroplated nonelectroporated nonelevated
    noneliminated nonelongated nonembedded nonembodied nonemphasized nonencapsulated
    nonencoded nonencrypted nonendangered nonengraved nonenlarged nonenriched
    nonentangled nonentrenched nonepithelized nonequilibrated nonestablished nonetched
    nonethoxylated nonethylated nonetiolated nonexaggerated nonexcavated nonexhausted
    nonexperienced nonexpired nonfabricated nonfalsified nonfeathered nonfeatured nonfed
    nonfederated nonfeed nonfenestrated nonfertilized nonfilamented nonfinanced
    nonfinished nonfinned nonfissured nonflagellated nonflagged nonflared nonflavored
    nonfluidized nonfluorinated nonfluted nonforested nonformalized nonformatted
    nonfragmented nonfragranced nonfranchised nonfreckled nonfueled nonfumigated
    nonfunctionalized nonfunded nongalvanized nongated nongelatinized nongendered
    nongeneralized nongenerated nongifted nonglazed nonglucosated nonglucosylated
    nonglycerinated nongraded nongrounded nonhalogenated nonhandicapped nonhospitalised
    nonhospitalized nonhydrated nonincorporated nonindexed noninfected noninfested
    noninitialized noninitiated noninoculated noninseminated noninstitutionalized
    noninsured nonintensified noninterlaced noninterpreted nonintroverted
    noninvestigated noninvolved nonirrigated nonisolated nonisomerized nonissued
    nonitalicized nonitemized noniterated nonjaded nonlabelled nonlaminated
    nonlateralized nonlayered nonlegalized nonlegislated nonlesioned nonlexicalized
    nonliberated nonlichenized nonlighted nonlignified nonlimited nonlinearized
    nonlinked nonlobed nonlobotomized nonlocalized nonlysed nonmachined nonmalnourished
    nonmandated nonmarginalized nonmassaged nonmatriculated nonmatted nonmatured
    nonmechanized nonmedicated nonmedullated nonmentioned nonmetabolized nonmetallized
    nonmetastasized nonmetered nonmethoxylated nonmilled nonmineralized nonmirrored
    nonmodeled nonmoderated nonmodified nonmonetized nonmonitored nonmortgaged
    nonmotorized nonmottled nonmounted nonmultithreaded nonmutilated nonmyelinated
    nonnormalized nonnucleated nonobjectified nonobligated nonoccupied nonoiled
    nonopinionated nonoxygenated nonpaginated nonpaired nonparalyzed nonparameterized
    nonparasitized nonpasteurized nonpatterned nonphased nonphosphatized nonphosphorized
    nonpierced nonpigmented nonpiloted nonpipelined nonpitted nonplussed nonpuffed
    nonrandomized nonrated nonrefined nonregistered nonregulated nonrelated nonretarded
    nonsacred nonsalaried nonsanctioned nonsaturated nonscented nonscheduled nonseasoned
    nonsecluded nonsegmented nonsegregated nonselected nonsolidified nonspecialized
    nonspored nonstandardised nonstandardized nonstratified nonstressed nonstriated
    nonstriped nonstructured nonstylised nonstylized nonsubmerged nonsubscripted
    nonsubsidised nonsubsidized nonsubstituted nonsyndicated nonsynthesised nontabulated
    nontalented nonthreaded nontinted nontolerated nontranslated nontunnelled nonunified
    nonunionised nonupholstered nonutilised nonutilized nonvalued nonvaried
    nonverbalized nonvitrified nonvolatilised nonvolatilized normed nosebleed notated
    notified nuanced nullified numerated oarweed objectified obliqued obtunded occupied
    octupled odored oilseed oinked oldfashioned onesided oophorectomized opaqued
    openhearted openminded openmouthed opiated opinionated oracled oreweed ossified
    outbreed outmoded outrigged outriggered outsized outskated outspeed outtopped
    outtrumped outvoiced outweed ovated overadorned overaged overalled overassured
    overbred overbreed overcomplicated overdamped overdetailed overdiversified overdyed
    overequipped overfatigued overfed overfeed overindebted overintensified
    overinventoried overmagnified overmodified overpreoccupied overprivileged
    overproportionated overqualified overseed oversexed oversimplified oversized
    oversophisticated overstudied oversulfated ovicelled ovoidshaped ozonated pacified
    packeted palatalized paled palsied paned panicled parabled parallelepiped
    parallelized parallelopiped parenthesised parodied parqueted passioned paunched
    pauperised pedigreed pedimented pedunculated pegged peglegged penanced pencilshaped
    permineralized personified petrified photodissociated photoduplicated photoed
    photoinduced photolysed photolyzed pied pigeoned pigtailed pigweed pilastered
    pillared pilloried pimpled pinealectomised pinealectomized pinfeathered pinnacled
    pinstriped pixellated pixilated pixillated plainclothed plantarflexed pled plumaged
    pocked pokeweed polychlorinated polyunsaturated ponytailed pooched poorspirited
    popeyed poppyseed porcelainized porched poshed pottered poxed preachified
    precertified preclassified preconized preinoculated premed prenotified preoccupied
    preposed prequalified preshaped presignified prespecified prettified pried
    principled proceed prophesied propounded prosed protonated proudhearted proxied
    pulpified pumpkinseed puppied purebred pured pureed purified pustuled putrefied
    pyjamaed quadruped qualified quantified quantised quantized quarried queried
    questoned quicktempered quickwitted quiesced quietened quizzified racemed
    radiosensitised ragweed raindrenched ramped rapeseed rarefied rarified ratified
    razoredged reaccelerated reaccompanied reachieved reacknowledged readdicted readied
    reamplified reannealed reassociated rebadged rebiopsied recabled recategorised
    receipted recentred recertified rechoreographed reclarified reclassified reconferred
    recrystalized rectified recursed red redblooded redefied redenied rednecked
    redshifted redweed redyed reed reembodied reenlighted refeed refereed reflexed
    refortified refronted refuged reglorified reimpregnated reinitialized rejustified
    related reliquefied remedied remodified remonetized remythologized renotified
    renullified renumerated reoccupied repacified repurified reputed requalified
    rescinded reseed reshoed resolidified resorbed respecified restudied retabulated
    reticulated retinted retreed retroacted reunified reverified revested revivified
    rewed ridgepoled riffled rightminded rigidified rinded riped rited ritualised
    riverbed rivered roached roadbed robotised robotized romanized rosetted rosined
    roughhearted rubied ruddied runcinated russeted sabled sabred sabretoothed sacheted
    sacred saddlebred sainted salaried samoyed sanctified satellited savvied sawtoothed
    scandalled scarified scarped sceptred scissored screed screwshaped scrupled sculked
    scurried scuttled seabed seaweed seed seedbed selfassured selforganized
    semicivilized semidetached semidisassembled semidomesticated semipetrified
    semipronated semirefined semivitrified sentineled sepaled sepalled sequinned sexed
    shagged shaggycoated shaggyhaired shaled shammed sharpangled sharpclawed
    sharpcornered sharpeared sharpedged sharpeyed sharpflavored sharplimbed sharpnosed
    sharpsighted sharptailed sharptongued sharptoothed sharpwitted sharpworded shed
    shellbed shieldshaped shimmied shinned shirted shirtsleeved shoed shortbeaked
    shortbilled shortbodied shorthaired shortlegged shortlimbed shortnecked shortnosed
    shortsighted shortsleeved shortsnouted shortstaffed shorttailed shorttempered
    shorttoed shorttongued shortwinded shortwinged shotted shred shrewsized shrined
    shrinkproofed sickbed sickleshaped sickleweed signalised signified silicified
    siliconized silkweed siltsized silvertongued simpleminded simplified singlebarreled
    singlebarrelled singlebed singlebladed singlebreasted singlecelled singlefooted
    singlelayered singleminded singleseeded singleshelled singlestranded singlevalued
    sissified sistered sixgilled sixmembered sixsided sixstoried skulled slickered
    slipcased slowpaced slowwitted slurried smallminded smoothened smoothtongued
    snaggletoothed snouted snowballed snowcapped snowshed snowshoed snubnosed so-called
    sofabed softhearted sogged soled solidified soliped sorbed souled spearshaped
    specified spectacled sped speeched speechified speed spied spiffied spindleshaped
    spiritualised spirted splayfooted spoonfed spoonfeed spoonshaped spreadeagled
    squarejawed squareshaped squareshouldered squaretoed squeegeed staled starshaped
    starspangled starstudded statechartered statesponsored statued steadied steampowered
    steed steelhearted steepled sterned stiffnecked stilettoed stimied stinkweed
    stirrupshaped stockinged storeyed storied stouthearted straitlaced stratified
    strawberryflavored streambed stressinduced stretchered strictured strongbodied
    strongboned strongflavored stronghearted stronglimbed strongminded strongscented
    strongwilled stubbled studied stultified stupefied styed stymied subclassified
    subcommissioned subminiaturised subsaturated subulated suburbanised suburbanized
    suburbed succeed sueded sugarrelated sulfurized sunbed superhardened superinfected
    supersimplified surefooted sweetscented swifted swordshaped syllabified syphilized
    tabularized talented tarpapered tautomerized teated teed teenaged teetotaled
    tenderhearted tentacled tenured termed ternated testbed testified theatricalised
    theatricalized themed thicketed thickskinned thickwalled thighed thimbled
    thimblewitted thonged thoroughbred thralled threated throated throughbred
    thyroidectomised thyroidectomized tiaraed ticktocked tidied tightassed tightfisted
    tightlipped timehonoured tindered tined tinselled tippytoed tiptoed titled toed
    tomahawked tonged toolshed toothplated toplighted torchlighted toughhearted
    traditionalized trajected tranced transgendered transliterated translocated
    transmogrified treadled treed treelined tressed trialled triangled trifoliated
    trifoliolated trilobed trucklebed truehearted trumpetshaped trumpetweed tuberculated
    tumbleweed tunnelshaped turbaned turreted turtlenecked tuskshaped tweed twigged
    typified ulcered ultracivilised ultracivilized ultracooled ultradignified
    ultradispersed ultrafiltered ultrared ultrasimplified ultrasophisticated unabandoned
    unabashed unabbreviated unabetted unabolished unaborted unabraded unabridged
    unabsolved unabsorbed unaccelerated unaccented unaccentuated unacclimatised
    unacclimatized unaccompanied unaccomplished unaccosted unaccredited unaccrued
    unaccumulated unaccustomed unacidulated unacquainted unacquitted unactivated
    unactuated unadapted unaddicted unadjourned unadjudicated unadjusted unadmonished
    unadopted unadored unadorned unadsorbed unadulterated unadvertised unaerated
    unaffiliated unaggregated unagitated unaimed unaired unaliased unalienated unaligned
    unallocated unalloyed unalphabetized unamassed unamortized unamplified
    unanaesthetised unanaesthetized unaneled unanesthetised unanesthetized unangered
    unannealed unannexed unannihilated unannotated unanointed unanticipated unappareled
    unappendaged unapportioned unapprenticed unapproached unappropriated unarbitrated
    unarched unarchived unarmored unarmoured unarticulated unascertained unashamed
    unaspirated unassembled unasserted unassessed unassociated unassorted unassuaged
    unastonished unastounded unatoned unattained unattainted unattenuated unattributed
    unauctioned unaudited unauthenticated unautographed unaverted unawaked unawakened
    unawarded unawed unbaffled unbaited unbalconied unbanded unbanished unbaptised
    unbaptized unbarreled unbarrelled unbattered unbeaded unbearded unbeneficed
    unbesotted unbetrayed unbetrothed unbiased unbiassed unbigoted unbilled unblackened
    unblanketed unblasphemed unblazoned unblistered unblockaded unbloodied unbodied
    unbonded unbothered unbounded unbracketed unbranded unbreaded unbrewed unbridged
    unbridled unbroached unbudgeted unbuffed unbuffered unburnished unbutchered
    unbuttered uncached uncaked uncalcified uncalibrated uncamouflaged uncamphorated
    uncanceled uncancelled uncapitalized uncarbonated uncarpeted uncased uncashed
    uncastrated uncatalogued uncatalysed uncatalyzed uncategorised uncatered uncaulked
    uncelebrated uncensored uncensured uncertified unchambered unchanneled unchannelled
    unchaperoned uncharacterized uncharted unchartered unchastened unchastised
    unchelated uncherished unchilled unchristened unchronicled uncircumcised
    uncircumscribed uncited uncivilised uncivilized unclarified unclassed unclassified
    uncleaved unclimbed unclustered uncluttered uncoagulated uncoded uncodified
    uncoerced uncoined uncollapsed uncollated uncolonised uncolonized uncolumned
    uncombined uncommented uncommercialised uncommercialized uncommissioned uncommitted
    uncompacted uncompartmentalized uncompartmented uncompensated uncompiled
    uncomplicated uncompounded uncomprehened uncomputed unconcealed unconceded
    unconcluded uncondensed unconditioned unconfined unconfirmed uncongested
    unconglomerated uncongratulated unconjugated unconquered unconsecrated unconsoled
    unconsolidated unconstipated unconstricted unconstructed unconsumed uncontacted
    uncontracted uncontradicted uncontrived unconverted unconveyed unconvicted uncooked
    uncooled uncoordinated uncopyrighted uncored uncorrelated uncorroborated uncosted
    uncounseled uncounselled uncounterfeited uncoveted uncrafted uncramped uncrannied
    uncrazed uncreamed uncreased uncreated uncredentialled uncredited uncrested
    uncrevassed uncrippled uncriticised uncriticized uncropped uncrosslinked uncrowded
    uncrucified uncrumbled uncrystalized uncrystallised uncrystallized uncubed uncuddled
    uncued unculled uncultivated uncultured uncupped uncurated uncurbed uncurried
    uncurtained uncushioned undamped undampened undappled undarkened undated undaubed
    undazzled undeadened undeafened undebated undebunked undeceased undecimalized
    undeciphered undecked undeclared undecomposed undeconstructed undedicated undefeated
    undeferred undefied undefined undeflected undefrauded undefrayed undegassed
    undejected undelegated undeleted undelimited undelineated undemented undemolished
    undemonstrated undenatured undenied undented undeodorized undepicted undeputized
    underaged underarmed underassessed underbred underbudgeted undercapitalised
    undercapitalized underdiagnosed underdocumented underequipped underexploited
    underexplored underfed underfeed underfurnished undergoverned undergrazed
    underinflated underinsured underinvested underived undermaintained undermentioned
    undermotivated underperceived underpowered underprivileged underqualified
    underrehearsed underresourced underripened undersaturated undersexed undersized
    underspecified understaffed understocked understressed understudied underutilised
    underventilated undescaled undesignated undetached undetailed undetained
    undeteriorated undeterred undetonated undevised undevoted undevoured undiagnosed
    undialed undialysed undialyzed undiapered undiffracted undigested undignified
    undiluted undiminished undimmed undipped undirected undisciplined undiscouraged
    undiscussed undisfigured undisguised undisinfected undismayed undisposed undisproved
    undisputed undisrupted undissembled undissipated undissociated undissolved
    undistilled undistorted undistracted undistributed undisturbed undiversified
    undiverted undivulged undoctored undocumented undomesticated undosed undramatised
    undrilled undrugged undubbed unduplicated uneclipsed unedged unedited unejaculated
    unejected unelaborated unelapsed unelected unelectrified unelevated unelongated
    unelucidated unemaciated unemancipated unemasculated unembalmed unembed
    unembellished unembodied unemboldened unemerged unenacted unencoded unencrypted
    unencumbered unendangered unendorsed unenergized unenfranchised unengraved
    unenhanced unenlarged unenlivened unenraptured unenriched unentangled unentitled
    unentombed unentranced unentwined unenumerated unenveloped unenvied unequaled
    unequalised unequalized unequalled unequipped unerased unerected uneroded unerupted
    unescorted unestablished unevaluated unexaggerated unexampled unexcavated unexceeded
    unexcelled unexecuted unexerted unexhausted unexpensed unexperienced unexpired
    unexploited unexplored unexposed unexpurgated unextinguished unfabricated unfaceted
    unfanned unfashioned unfathered unfathomed unfattened unfavored unfavoured unfazed
    unfeathered unfed unfeigned unfermented unfertilised unfertilized unfilleted
    unfiltered unfinished unflavored unflavoured unflawed unfledged unfleshed unflurried
    unflushed unflustered unfluted unfocussed unforested unformatted unformulated
    unfortified unfractionated unfractured unfragmented unfrequented unfretted unfrosted
    unfueled unfunded unfurnished ungarbed ungarmented ungarnished ungeared ungerminated
    ungifted unglazed ungoverned ungraded ungrasped ungratified ungroomed ungrounded
    ungrouped ungummed ungusseted unhabituated unhampered unhandicapped unhardened
    unharvested unhasped unhatched unheralded unhindered unhomogenised unhomogenized
    unhonored unhonoured unhooded unhusked unhyphenated unified unillustrated unimpacted
    unimpaired unimpassioned unimpeached unimpelled unimplemented unimpregnated
    unimprisoned unimpugned unincorporated unincubated unincumbered unindemnified
    unindexed unindicted unindorsed uninduced unindustrialised unindustrialized
    uninebriated uninfected uninflated uninflected uninhabited uninhibited uninitialised
    uninitialized uninitiated uninoculated uninseminated uninsulated uninsured
    uninterpreted unintimidated unintoxicated unintroverted uninucleated uninverted
    uninvested uninvolved unissued unjaundiced unjointed unjustified unkeyed unkindled
    unlabelled unlacquered unlamented unlaminated unlarded unlaureled unlaurelled
    unleaded unleavened unled unlettered unlicenced unlighted unlimbered unlimited
    unlined unlipped unliquidated unlithified unlittered unliveried unlobed unlocalised
    unlocalized unlocated unlogged unlubricated unmagnified unmailed unmaimed
    unmaintained unmalted unmangled unmanifested unmanipulated unmannered unmanufactured
    unmapped unmarred unmastered unmatriculated unmechanised unmechanized unmediated
    unmedicated unmentioned unmerged unmerited unmetabolised unmetabolized
    unmetamorphosed unmethylated unmineralized unmitigated unmoderated unmodernised
    unmodernized unmodified unmodulated unmolded unmolested unmonitored unmortgaged
    unmotivated unmotorised unmotorized unmounted unmutated unmutilated unmyelinated
    unnaturalised unnaturalized unnotched unnourished unobligated unobstructed
    unoccupied unoiled unopposed unoptimised unordained unorganised unorganized
    unoriented unoriginated unornamented unoxidized unoxygenated unpacified unpackaged
    unpaired unparalleled unparallelled unparasitized unpardoned unparodied
    unpartitioned unpasteurised unpasteurized unpatented unpaved unpedigreed
    unpenetrated unpenned unperfected unperjured unpersonalised unpersuaded unperturbed
    unperverted unpestered unphosphorylated unphotographed unpigmented unpiloted
    unpledged unploughed unplumbed unpoised unpolarized unpoliced unpolled unpopulated
    unposed unpowered unprecedented unpredicted unprejudiced unpremeditated unprescribed
    unpressurised unpressurized unpriced unprimed unprincipled unprivileged unprized
    unprocessed unprofaned unprofessed unprohibited unprompted unpronounced unproposed
    unprospected unproved unpruned unpublicised unpublicized unpublished unpuckered
    unpunctuated unpurified unqualified unquantified unquenched unquoted unranked
    unrated unratified unrebuked unreckoned unrecompensed unreconciled unreconstructed
    unrectified unredeemed unrefined unrefreshed unrefrigerated unregarded unregimented
    unregistered unregulated unrehearsed unrelated unrelieved unrelinquished unrenewed
    unrented unrepealed unreplicated unreprimanded unrequited unrespected unrestricted
    unretained unretarded unrevised unrevived unrevoked unrifled unripened unrivaled
    unrivalled unroasted unroofed unrounded unruffled unsalaried unsalted unsanctified
    unsanctioned unsanded unsaponified unsated unsatiated unsatisfied unsaturated
    unscaled unscarred unscathed unscented unscheduled unschooled unscreened unscripted
    unseamed unseared unseasoned unseeded unsegmented unsegregated unselected unserviced
    unsexed unshamed unshaped unsharpened unsheared unshielded unshifted unshirted
    unshoed unshuttered unsifted unsighted unsilenced unsimplified unsized unskewed
    unskinned unslaked unsliced unsloped unsmoothed unsoiled unsoldered unsolicited
    unsolved unsophisticated unsorted unsourced unsoured unspaced unspanned
    unspecialised unspecialized unspecified unspiced unstaged unstandardised
    unstandardized unstapled unstarched unstarred unstated unsteadied unstemmed
    unsterilised unsterilized unstickered unstiffened unstifled unstigmatised
    unstigmatized unstilted unstippled unstipulated unstirred unstocked unstoked
    unstoppered unstratified unstressed unstriped unstructured unstudied unstumped
    unsubdued unsubmitted unsubsidised unsubsidized unsubstantiated unsubstituted
    unsugared unsummarized unsupervised unsuprised unsurveyed unswayed unsweetened
    unsyllabled unsymmetrized unsynchronised unsynchronized unsyncopated unsyndicated
    unsynthesized unsystematized untagged untainted untalented untanned untaped
    untapered untargeted untarnished untattooed untelevised untempered untenanted
    unterminated untextured unthickened unthinned unthrashed unthreaded unthrottled
    unticketed untiled untilled untilted untimbered untinged untinned untinted untitled
    untoasted untoggled untoothed untopped untoughened untracked untrammeled
    untrammelled untranscribed untransduced untransferred untranslated untransmitted
    untraumatized untraversed untufted untuned untutored unupgraded unupholstered
    unutilised unutilized unuttered unvaccinated unvacuumed unvalidated unvalued
    unvandalized unvaned unvanquished unvapourised unvapourized unvaried unvariegated
    unvarnished unvented unventilated unverbalised unverbalized unverified unversed
    unvetted unvictimized unviolated unvitrified unvocalized unvoiced unwaged unwarped
    unwarranted unwaxed unweakened unweaned unwearied unweathered unwebbed unwed
    unwedded unweeded unweighted unwelded unwinterized unwired unwitnessed unwonted
    unwooded unworshipped unwounded unzoned uprated uprighted upsized upswelled
    vacuolated valanced valueoriented varied vascularised vascularized vasectomised
    vaunted vectorised vectorized vegged verdured verified vermiculated vernacularized
    versified verticillated vesiculated vied vilified virtualised vitrified vivified
    volumed vulcanised wabbled wafered waisted walleyed wared warmblooded warmhearted
    warted waterbased waterbed watercooled watersaturated watershed wavegenerated
    waxweed weakhearted weakkneed weakminded wearied weatherised weatherstriped
    webfooted wedgeshaped weed weeviled welladapted welladjusted wellbred wellconducted
    welldefined welldisposed welldocumented wellequipped wellestablished wellfavored
    wellfed wellgrounded wellintentioned wellmannered wellminded wellorganised
    wellrounded wellshaped wellstructured whinged whinnied whiplashed whiskered
    wholehearted whorled widebased wideeyed widemeshed widemouthed widenecked widespaced
    wilded wildered wildeyed willinghearted windspeed winterfed winterfeed winterised
    wirehaired wised witchweed woaded wombed wooded woodshed wooled woolled woollyhaired
    woollystemmed woolyhaired woolyminded wormholed wormshaped wrappered wretched
    wronghearted ycleped yolked zincified zinckified zinkified zombified
    """.split()  # noqa: SIM905
)
