"""Writes src/test/resources/fixtures/tok/vocab.txt: a small hand-picked Spanish WordPiece vocabulary
(specials, every single character used by the tokenizer tests and its ## form, some whole words and
suffixes) for the BertTokenizer and VocabPruner tests. Run from the project directory."""

specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
punct = list(".,;:!?¿¡()[]{}-/'\"%+*&#@$<>=_|\\~^`")
digits = list("0123456789")
lower = list("abcdefghijklmnopqrstuvwxyz") + list("áéíóúñüàèç")
upper = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + list("ÁÉÍÓÚÑÜ")
others = ["中", "国", "人", "😀", "µ", "°"]
singles = punct + digits + lower + upper + others
cont = ["##" + c for c in digits + lower + upper]
words = """el la los las de del y en con por para un una que se su sus al es
paciente pacientes madre padre médico médica hijo hija perro perros gato gatos
virus bacteria hermano hermana familia enfermera niño niña mujer varón
años fiebre tos dolor alergia consulta
sars cov vih vírica bacteriemia
medico cafe
caf pac per mad hij herm enfer cons bacter
""".split()
subwords = """##s ##es ##os ##as ##a ##o ##e ##é ##ción ##mente ##ente ##iente ##re ##ro ##ico ##ica ##ía ##ia
##ana ##ano ##era ##ero ##ul ##ta ##ra ##no ##na
SAR ##S Co ##V VIH Paciente Madre El La
""".split()

vocab, seen = [], set()
for t in specials + singles + cont + words + subwords:
    if t not in seen:
        seen.add(t)
        vocab.append(t)
with open("src/test/resources/fixtures/tok/vocab.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(vocab) + "\n")
print(len(vocab), "pieces")
