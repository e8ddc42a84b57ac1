/** Real paragraphs (our own writing) for the offline provider's tests. */

export const LOVELACE = `# Ada Lovelace and the Analytical Engine

## Early life

Ada Lovelace was born in London in 1815, the only legitimate child of the poet Lord Byron. Her mother, Anne Isabella Milbanke, insisted on a rigorous education in mathematics and science. As a teenager Lovelace met Charles Babbage at a party in London, and he showed her a working portion of his Difference Engine.

## The notes of 1843

Babbage had designed a more ambitious machine, the Analytical Engine, which could be programmed with punched cards borrowed from the Jacquard loom. In 1843 Lovelace translated an article by the Italian engineer Luigi Menabrea about the engine and added her own notes, which were three times longer than the article. Note G described a method for calculating Bernoulli numbers with the engine, and it is often called the first published computer program. Lovelace also argued that the engine could manipulate symbols other than numbers, such as musical notes. The Royal Society and the University of London later honoured her contribution, and the programming language Ada, adopted by the United States Department of Defense in 1980, is named after her.`;

export const NODE_STREAMS = `## Reading files in Node.js

The simplest way to read a file is fs.readFile(), which loads the whole content into memory before calling back. For large files, createReadStream returns a readable stream that emits the data in chunks, so memory use stays flat. Configuration usually comes from process.env, and a setting such as max_retries is parsed with Number.parseInt before use. The pipeline() helper from the stream module connects a source to a destination and forwards errors, which plain pipe calls do not do. The highWaterMark option decides how many bytes each chunk holds.`;

export const BABBAGE = `Charles Babbage was an English mathematician who worked at the University of Cambridge, where he held the Lucasian chair of mathematics. Frustrated by errors in printed mathematical tables, he began work on the Difference Engine in 1822 with funding from the British government. The project was abandoned in 1833 after a dispute with his engineer Joseph Clement. Babbage then turned to the Analytical Engine, a general-purpose design with a store and a mill that anticipated the memory and processor of modern computers. The Science Museum in London built a working Difference Engine from his plans in 1991.`;

export const VOLCANO = `Mount Etna on the east coast of Sicily is one of the most active volcanoes in the world. Its eruptions are mostly effusive, producing lava flows that move slowly enough for people to leave their homes. The volcano is monitored by the Istituto Nazionale di Geofisica e Vulcanologia, which records seismic tremor and gas emissions around the summit craters. Farmers have long cultivated the fertile slopes, where vineyards and citrus groves grow on weathered volcanic soil.`;

export const GERMAN = `Die Deutsche Nationalbibliothek in Frankfurt am Main sammelt seit 1947 alle Veröffentlichungen, die in Deutschland erscheinen. Der Bibliothekar Hanns Wilhelm Eppelsheimer gründete sie gemeinsam mit dem Börsenverein des Deutschen Buchhandels. Heute hat die Bibliothek einen zweiten Standort in Leipzig, wo schon seit 1912 die Deutsche Bücherei bestand. Die Bibliothek archiviert inzwischen auch Netzpublikationen wie E-Books und Webseiten.`;

export const FRENCH = `Louis Pasteur a fondé l'Institut Pasteur à Paris en 1887 grâce à une souscription internationale. Ses travaux sur la fermentation ont montré que des micro-organismes vivants en sont responsables. En 1885, il a administré le premier vaccin contre la rage à un jeune garçon d'Alsace, Joseph Meister. Aujourd'hui, l'Institut Pasteur poursuit des recherches sur les maladies infectieuses dans un réseau de centres répartis sur plusieurs continents.`;

export const CHINESE = `商博良于1822年破译了罗塞塔石碑上的象形文字。罗塞塔石碑现藏于大英博物馆，是博物馆中参观人数最多的文物。石碑上刻有同一篇诏书的三种文字：象形文字、世俗体和古希腊文。英国学者托马斯·杨也曾研究过石碑，但他没有完成破译。`;

export const JAPANESE = `新幹線は1964年の東京オリンピックに合わせて東京と新大阪の間で開業した。最高速度は当時時速210キロで、世界初の高速鉄道として注目された。現在ではJR東日本やJR東海など複数の会社が路線を運行している。新幹線は地震を検知すると自動的に停止する仕組みを備えている。`;
