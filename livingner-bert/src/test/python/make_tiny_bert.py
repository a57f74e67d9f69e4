#!/usr/bin/env python3
"""Makes the tiny-BERT parity fixture in src/test/resources/fixtures/tiny-bert/.

A 2-layer random BERT for token classification, saved in Hugging Face layout
(config.json, vocab.txt, tokenizer_config.json, model.safetensors,
pytorch_model.bin), and reference logits for a dozen Spanish clinical
sentences (reference.json).

The forward pass below mirrors transformers' modeling_bert.py
(BertForTokenClassification, eval mode) op for op, in plain torch, because the
transformers package is not available here. Run with Debian's python3-torch:

    /usr/bin/python3 src/test/python/make_tiny_bert.py

The seed is fixed, so re-running reproduces the same files.
"""
import json
import math
import os
import struct
import unicodedata
from collections import OrderedDict

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "tiny-bert")
SEED = 1234
LABELS = ["O", "B-HUMAN", "I-HUMAN", "B-SPECIES", "I-SPECIES"]
CONFIG = dict(
    architectures=["BertForTokenClassification"], model_type="bert",
    vocab_size=None, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64,
    hidden_act="gelu", hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
    max_position_embeddings=64, type_vocab_size=2, layer_norm_eps=1e-12, pad_token_id=0,
    position_embedding_type="absolute", initializer_range=0.02,
    id2label={str(i): l for i, l in enumerate(LABELS)}, label2id={l: i for i, l in enumerate(LABELS)},
)

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
CHARS = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
             "áéíóúñüÁÉÍÓÚÑÜ.,;:()-/%+¿?¡!\"'")
WORDS = """paciente pacientes madre padre hermano hermana hijo hija hijos esposa esposo familia familiar
médico médica enfermera enfermero pediatra cirujano mujer varón hombre niño niña lactante recién nacido
perro gato gatos perros ratón rata caballo vaca oveja cerdo mosquito garrapata pulga ave aves paloma
virus bacteria hongo VIH VHB VHC SARS CoV COVID Staphylococcus aureus Escherichia coli Candida albicans
Klebsiella pneumoniae Mycobacterium tuberculosis Streptococcus Pseudomonas Leishmania Toxoplasma Plasmodium
vírica viral bacteriana fúngica bacteriemia tuberculosis neumonía hepatitis infección sepsis fiebre dolor
tos disnea cefalea diarrea vómitos astenia lesión lesiones piel sangre orina hígado pulmón riñón corazón
cultivo hemocultivo serología biopsia análisis ecografía radiografía tomografía estudio resultado positivo
negativo negativa positiva tratamiento antibiótico amoxicilina vancomicina cefalosporina fluconazol
el la los las un una de del en con por para sin que se es fue su sus al y o a e no ni como más muy
años meses días semanas horas edad antecedentes ingreso alta consulta urgencias hospital unidad
presenta presentaba refiere acude ingresa mordedura contacto granja campo viaje""".split()
SUFFIXES = ["##s", "##es", "##a", "##o", "##as", "##os", "##ción", "##ciones", "##mia", "##itis", "##osis",
            "##ico", "##ica", "##ado", "##ada", "##ente", "##ntes", "##mente", "##ina", "##ales", "##al"]

SENTENCES = [
    "La paciente refiere contacto con perros y gatos en la granja.",
    "Hemocultivo positivo para Staphylococcus aureus.",
    "Varón de 45 años con infección por VIH desde hace 10 años.",
    "Su madre y su hermano presentaban fiebre y tos.",
    "Se aisló Escherichia coli en el urocultivo.",
    "Niña de 3 años con mordedura de perro en la pierna.",
    "Serología negativa para VHB, VHC y SARS-CoV-2.",
    "El pediatra indica tratamiento con amoxicilina.",
    "Neumonía bacteriana por Klebsiella pneumoniae en paciente inmunodeprimido.",
    "Lesiones cutáneas tras picadura de mosquito durante un viaje.",
    "La enfermera extrae sangre al recién nacido.",
    "Bacteriemia por Candida albicans ¿fúngica? ¡Sí! Ñandú, ÁREA.",
]


def build_vocab():
    vocab, seen = [], set()
    def add(t):
        if t not in seen:
            seen.add(t)
            vocab.append(t)
    for t in SPECIAL:
        add(t)
    for c in CHARS:
        add(c)
    for c in CHARS:
        if c.isalnum():
            add("##" + c)
    for w in WORDS:
        add(w)
    for w in WORDS:
        add(w[0].upper() + w[1:])
    for s in SUFFIXES:
        add(s)
    return vocab


def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokenize(text):
    """BERT BasicTokenizer for a cased model: whitespace split, then punctuation split."""
    words = []
    for chunk in text.split():
        cur = ""
        for ch in chunk:
            if is_punct(ch):
                if cur:
                    words.append(cur)
                    cur = ""
                words.append(ch)
            else:
                cur += ch
        if cur:
            words.append(cur)
    return words


def wordpiece(word, vocab_index):
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            sub = word[start:end]
            if start > 0:
                sub = "##" + sub
            if sub in vocab_index:
                found = sub
                break
            end -= 1
        if found is None:
            return [vocab_index["[UNK]"]]
        pieces.append(vocab_index[found])
        start = end
    return pieces


def encode(text, vocab_index):
    ids = [vocab_index["[CLS]"]]
    for w in basic_tokenize(text):
        ids.extend(wordpiece(w, vocab_index))
    ids.append(vocab_index["[SEP]"])
    return ids


def make_weights(cfg, gen):
    """Random weights with deliberately non-trivial biases and LayerNorm affine terms, so that a
    missing bias, a transposed matrix or a wrong LayerNorm shows up as a large logit difference."""
    H, I, L = cfg["hidden_size"], cfg["intermediate_size"], len(LABELS)
    def n(*shape, std=0.2):
        return (torch.randn(*shape, generator=gen) * std).float().contiguous()
    sd = OrderedDict()
    sd["bert.embeddings.word_embeddings.weight"] = n(cfg["vocab_size"], H, std=0.5)
    sd["bert.embeddings.position_embeddings.weight"] = n(cfg["max_position_embeddings"], H, std=0.5)
    sd["bert.embeddings.token_type_embeddings.weight"] = n(cfg["type_vocab_size"], H, std=0.5)
    sd["bert.embeddings.LayerNorm.weight"] = 1 + n(H, std=0.1)
    sd["bert.embeddings.LayerNorm.bias"] = n(H, std=0.1)
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        for name in ("query", "key", "value"):
            sd[p + f"attention.self.{name}.weight"] = n(H, H, std=0.35)
            sd[p + f"attention.self.{name}.bias"] = n(H, std=0.1)
        sd[p + "attention.output.dense.weight"] = n(H, H)
        sd[p + "attention.output.dense.bias"] = n(H, std=0.1)
        sd[p + "attention.output.LayerNorm.weight"] = 1 + n(H, std=0.1)
        sd[p + "attention.output.LayerNorm.bias"] = n(H, std=0.1)
        sd[p + "intermediate.dense.weight"] = n(I, H)
        sd[p + "intermediate.dense.bias"] = n(I, std=0.1)
        sd[p + "output.dense.weight"] = n(H, I)
        sd[p + "output.dense.bias"] = n(H, std=0.1)
        sd[p + "output.LayerNorm.weight"] = 1 + n(H, std=0.1)
        sd[p + "output.LayerNorm.bias"] = n(H, std=0.1)
    sd["classifier.weight"] = n(L, H, std=0.5)
    sd["classifier.bias"] = n(L, std=0.1)
    return sd


def forward(sd, cfg, input_ids, attention_mask):
    """BertForTokenClassification.forward in eval mode (dropout is the identity), as in modeling_bert.py."""
    B, T = input_ids.shape
    H, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    hd = H // nh
    eps = cfg["layer_norm_eps"]
    # BertEmbeddings
    token_type_ids = torch.zeros_like(input_ids)
    position_ids = torch.arange(T).unsqueeze(0)
    x = F.embedding(input_ids, sd["bert.embeddings.word_embeddings.weight"])
    x = x + F.embedding(token_type_ids, sd["bert.embeddings.token_type_embeddings.weight"])
    x = x + F.embedding(position_ids, sd["bert.embeddings.position_embeddings.weight"])
    x = F.layer_norm(x, (H,), sd["bert.embeddings.LayerNorm.weight"], sd["bert.embeddings.LayerNorm.bias"], eps)
    # get_extended_attention_mask
    ext = attention_mask[:, None, None, :].to(torch.float32)
    ext = (1.0 - ext) * torch.finfo(torch.float32).min
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        lin = lambda t, name: F.linear(t, sd[p + name + ".weight"], sd[p + name + ".bias"])
        # BertSelfAttention
        def heads(t):
            return t.view(B, T, nh, hd).permute(0, 2, 1, 3)
        q = heads(lin(x, "attention.self.query"))
        k = heads(lin(x, "attention.self.key"))
        v = heads(lin(x, "attention.self.value"))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd)
        scores = scores + ext
        probs = F.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous().view(B, T, H)
        # BertSelfOutput
        a = F.layer_norm(lin(ctx, "attention.output.dense") + x, (H,),
                         sd[p + "attention.output.LayerNorm.weight"], sd[p + "attention.output.LayerNorm.bias"], eps)
        # BertIntermediate (erf GELU, transformers' ACT2FN["gelu"])
        inter = F.gelu(lin(a, "intermediate.dense"))
        # BertOutput
        x = F.layer_norm(lin(inter, "output.dense") + a, (H,),
                         sd[p + "output.LayerNorm.weight"], sd[p + "output.LayerNorm.bias"], eps)
    return F.linear(x, sd["classifier.weight"], sd["classifier.bias"])


def safetensors_bytes(sd, metadata):
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for key in sorted(sd):
        t = sd[key].contiguous()
        data = t.numpy().astype("<f4").tobytes()
        header[key] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((8 - len(hjson) % 8) % 8)
    return struct.pack("<Q", len(hjson)) + hjson + b"".join(blobs)


def main():
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    os.makedirs(OUT, exist_ok=True)
    vocab = build_vocab()
    vocab_index = {t: i for i, t in enumerate(vocab)}
    cfg = dict(CONFIG, vocab_size=len(vocab))
    sd = make_weights(cfg, gen)

    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(OUT, "config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2, ensure_ascii=False)
    with open(os.path.join(OUT, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"do_lower_case": False, "strip_accents": None, "tokenize_chinese_chars": True,
                   "model_max_length": 512, "tokenizer_class": "BertTokenizer"}, f, indent=2)
    with open(os.path.join(OUT, "model.safetensors"), "wb") as f:
        f.write(safetensors_bytes(sd, {"format": "pt"}))
    # As older transformers versions saved it: the state_dict plus the position_ids buffer.
    bin_sd = OrderedDict(sd)
    bin_sd["bert.embeddings.position_ids"] = torch.arange(cfg["max_position_embeddings"]).unsqueeze(0)
    torch.save(bin_sd, os.path.join(OUT, "pytorch_model.bin"))

    with torch.no_grad():
        singles = []
        for text in SENTENCES:
            ids = encode(text, vocab_index)
            assert len(ids) <= cfg["max_position_embeddings"], text
            t = torch.tensor([ids])
            logits = forward(sd, cfg, t, torch.ones_like(t))[0]
            singles.append({"text": text, "words": basic_tokenize(text), "input_ids": ids,
                            "logits": [[round(float(v), 6) for v in row] for row in logits]})
        T = max(len(s["input_ids"]) for s in singles)
        batch_ids = torch.zeros(len(singles), T, dtype=torch.long)
        mask = torch.zeros(len(singles), T, dtype=torch.long)
        for i, s in enumerate(singles):
            batch_ids[i, :len(s["input_ids"])] = torch.tensor(s["input_ids"])
            mask[i, :len(s["input_ids"])] = 1
        batch_logits = forward(sd, cfg, batch_ids, mask)
        worst = 0.0
        for i, s in enumerate(singles):
            n = len(s["input_ids"])
            worst = max(worst, float((batch_logits[i, :n] - torch.tensor(s["logits"])).abs().max()))
        assert worst < 1e-4, f"padding changed the logits of real tokens by {worst}"
        spread = float(torch.cat([torch.tensor(s["logits"]) for s in singles]).std())
    reference = {
        "note": "made by src/test/python/make_tiny_bert.py (seed %d); logits of BertForTokenClassification in eval mode" % SEED,
        "sentences": singles,
        "padded_batch": {"input_ids": batch_ids.tolist(), "attention_mask": mask.tolist(),
                         "logits": [[[round(float(v), 6) for v in row] for row in seq] for seq in batch_logits]},
    }
    with open(os.path.join(OUT, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, ensure_ascii=False)
    print(f"vocab {len(vocab)}, max len {T}, logit std {spread:.3f}, padded-vs-single max diff {worst:.2e}")


if __name__ == "__main__":
    main()
