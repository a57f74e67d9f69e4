#!/usr/bin/env python3
"""Writes the tiny checkpoint fixtures under src/test/resources/fixtures/io/.

Test-time only: the Java code never runs Python. Run with Debian's python3-torch
(/usr/bin/python3 make_checkpoint_fixtures.py) from this directory or anywhere;
the output goes next to the Java test resources. Deterministic (seeded).

Files written:
  bert_tiny.bin                   torch.save (zip) of a 1-layer, hidden-8 BertForTokenClassification
                                  state_dict with canonical keys, plus position_ids buffer and a pooler
                                  (as Hugging Face checkpoints have), and the _metadata attribute
  bert_tiny_legacy_names.bin      same values, keys without "bert." and LayerNorm gamma/beta
  bert_tiny_{f32,f16,bf16}.safetensors   same values as safetensors (written by hand)
  noncontiguous.bin               views: a transpose, a strided slice with a storage offset, and a
                                  tensor sharing its storage with another
  protocol4_parameters.bin        pickle protocol 4 (FRAME, MEMOIZE, SHORT_BINUNICODE, STACK_GLOBAL) holding
                                  nn.Parameter objects (torch._utils._rebuild_parameter) and a view
  forbidden_global.bin            a torch.save zip whose pickle calls posix.system (must be refused)
  legacy_format.bin               torch.save(_use_new_zipfile_serialization=False) (must be refused;
                                  its storage keys are memory addresses, so it differs on every run)
  expected.json                   config, keys, shapes and values (as float32 widened to double)
"""
import collections
import json
import os
import struct
import sys
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parents[1] / "resources" / "fixtures" / "io"

CONFIG = dict(vocab_size=20, hidden_size=8, num_hidden_layers=1, num_attention_heads=2,
              intermediate_size=16, max_position_embeddings=16, type_vocab_size=2,
              labels=["O", "B-HUMAN", "I-HUMAN"])


def tiny_state_dict():
    g = torch.Generator().manual_seed(42)
    h, i, v = CONFIG["hidden_size"], CONFIG["intermediate_size"], CONFIG["vocab_size"]
    p, t, n = CONFIG["max_position_embeddings"], CONFIG["type_vocab_size"], len(CONFIG["labels"])

    def rnd(*shape):
        return torch.randn(*shape, generator=g) * 0.5

    sd = collections.OrderedDict()
    sd["bert.embeddings.position_ids"] = torch.arange(p).expand((1, -1))
    sd["bert.embeddings.word_embeddings.weight"] = rnd(v, h)
    sd["bert.embeddings.position_embeddings.weight"] = rnd(p, h)
    sd["bert.embeddings.token_type_embeddings.weight"] = rnd(t, h)
    sd["bert.embeddings.LayerNorm.weight"] = 1 + rnd(h)
    sd["bert.embeddings.LayerNorm.bias"] = rnd(h)
    pre = "bert.encoder.layer.0."
    for name in ("query", "key", "value"):
        sd[pre + "attention.self." + name + ".weight"] = rnd(h, h)
        sd[pre + "attention.self." + name + ".bias"] = rnd(h)
    sd[pre + "attention.output.dense.weight"] = rnd(h, h)
    sd[pre + "attention.output.dense.bias"] = rnd(h)
    sd[pre + "attention.output.LayerNorm.weight"] = 1 + rnd(h)
    sd[pre + "attention.output.LayerNorm.bias"] = rnd(h)
    sd[pre + "intermediate.dense.weight"] = rnd(i, h)
    sd[pre + "intermediate.dense.bias"] = rnd(i)
    sd[pre + "output.dense.weight"] = rnd(h, i)
    sd[pre + "output.dense.bias"] = rnd(h)
    sd[pre + "output.LayerNorm.weight"] = 1 + rnd(h)
    sd[pre + "output.LayerNorm.bias"] = rnd(h)
    sd["bert.pooler.dense.weight"] = rnd(h, h)
    sd["bert.pooler.dense.bias"] = rnd(h)
    sd["classifier.weight"] = rnd(n, h)
    sd["classifier.bias"] = rnd(n)
    return sd


def with_metadata(sd):
    """What nn.Module.state_dict() returns: an OrderedDict carrying a _metadata attribute."""
    sd = collections.OrderedDict(sd)
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("bert", {"version": 1}),
                                            ("classifier", {"version": 1})])
    return sd


def legacy_names(sd):
    out = collections.OrderedDict()
    for k, v in sd.items():
        k = k[len("bert."):] if k.startswith("bert.") else k
        k = k.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        out[k] = v
    return out


ST_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata):
    """The safetensors layout by hand: u64 LE header length, JSON header, raw little-endian bytes."""
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": ST_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)))
        f.write(js)
        for b in blobs:
            f.write(b)


def values(t):
    return [float(x) for x in t.detach().reshape(-1).float().tolist()]


class CallsSystem:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def main():
    assert sys.byteorder == "little"
    OUT.mkdir(parents=True, exist_ok=True)
    sd = tiny_state_dict()
    torch.save(with_metadata(sd), OUT / "bert_tiny.bin")
    torch.save(with_metadata(legacy_names(sd)), OUT / "bert_tiny_legacy_names.bin")

    floats = {k: v for k, v in sd.items() if v.is_floating_point()}
    write_safetensors(OUT / "bert_tiny_f32.safetensors", sd, {"format": "pt"})
    write_safetensors(OUT / "bert_tiny_f16.safetensors", {k: v.half() for k, v in floats.items()}, {"format": "pt"})
    write_safetensors(OUT / "bert_tiny_bf16.safetensors", {k: v.bfloat16() for k, v in floats.items()},
                      {"format": "pt"})

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 4
    noncontiguous = collections.OrderedDict()
    noncontiguous["base"] = base
    noncontiguous["transposed"] = base.t()
    noncontiguous["strided_slice"] = base[1:, ::2]
    noncontiguous["row"] = base[2]
    noncontiguous["half_transposed"] = base.half().t()
    noncontiguous["long_column"] = torch.arange(12).reshape(3, 4)[:, 1]
    torch.save(noncontiguous, OUT / "noncontiguous.bin")

    g = torch.Generator().manual_seed(4)
    protocol4 = collections.OrderedDict()
    protocol4["param"] = torch.nn.Parameter(torch.randn(2, 3, generator=g))
    protocol4["frozen"] = torch.nn.Parameter(torch.randn(3, generator=g).bfloat16(), requires_grad=False)
    protocol4["view"] = protocol4["param"].detach().t()
    torch.save(protocol4, OUT / "protocol4_parameters.bin", pickle_protocol=4)

    torch.save({"weight": torch.zeros(2), "payload": CallsSystem()}, OUT / "forbidden_global.bin")
    torch.save(collections.OrderedDict(w=torch.ones(2, 2)), OUT / "legacy_format.bin",
               _use_new_zipfile_serialization=False)

    expected = {
        "config": CONFIG,
        "torch_version": torch.__version__,
        "tensors": {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""), "values": values(v)}
                    for k, v in sd.items()},
        "f16_values": {k: values(v.half()) for k, v in floats.items()},
        "bf16_values": {k: values(v.bfloat16()) for k, v in floats.items()},
        "noncontiguous": {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                              "values": values(v)} for k, v in noncontiguous.items()},
        "protocol4": {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                          "values": values(v)} for k, v in protocol4.items()},
    }
    with open(OUT / "expected.json", "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
