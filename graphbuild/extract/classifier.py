"""The trained models as data: multinomial logistic regressions over sparse string features,
each stored as its weights (`model.npz`), its feature names (`features.json`) and its meta
(`meta.json`: name, version, labels, decision thresholds, how it was trained). Loading needs
numpy only; no pickled code.

Two ship in the package: the relation classifier (`classifier/`, over the features of
features.py; `ModelSource` uses it, its meta also holds the patterns' measured precision) and
the actor model (`actor_classifier/`, over those of actor_features.py; actor_check.py uses it).
`graphbuild train` (graphbuild/train.py, graphbuild/train_actors.py) writes both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from graphbuild.errors import GraphbuildError

NONE = "NONE"
REVERSED = "<"  # "BACKS<": the second argument backs the first
SHIPPED = "classifier"  # the relation model's folder inside graphbuild/extract
ACTORS_SHIPPED = "actor_classifier"


def label(relation: str, reverse: bool) -> str:
    return relation + (REVERSED if reverse else "")


def parse_label(name: str) -> tuple[str, bool]:
    return name.removesuffix(REVERSED), name.endswith(REVERSED)


@dataclass(frozen=True)
class LinearModel:
    name: str
    version: str
    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (labels, features)
    bias: np.ndarray  # (labels,)
    thresholds: dict[str, float]  # label (a relation, a type, NONE) -> the least probability
    pattern_precision: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        """P(label | features) for each row: (rows, labels)."""
        indptr, indices, values = [0], [], []
        for row in rows:
            for key, value in row.items():
                k = self.vocabulary.get(key)
                if k is not None:
                    indices.append(k)
                    values.append(value)
            indptr.append(len(indices))
        x = csr_matrix((np.array(values, dtype=np.float32), indices, indptr),
                       shape=(len(rows), len(self.vocabulary)))
        scores = x @ self.weights.T + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, folder: Path) -> None:
        keys = sorted(self.vocabulary, key=self.vocabulary.get)
        meta = {"name": self.name, "version": self.version, "labels": list(self.labels),
                "thresholds": self.thresholds, "pattern_precision": self.pattern_precision,
                **self.meta}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            np.savez_compressed(folder / "model.npz", weights=self.weights.astype(np.float32),
                                bias=self.bias.astype(np.float32))
            (folder / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                              encoding="utf-8")
            (folder / "features.json").write_text(json.dumps(keys, ensure_ascii=False) + "\n",
                                                  encoding="utf-8")
        except OSError as exc:
            raise GraphbuildError("E044", f"{folder}: cannot write the model ({exc.strerror})",
                                  ) from None

    @classmethod
    def load(cls, folder: Path) -> LinearModel:
        core = ("name", "version", "labels", "thresholds", "pattern_precision")
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            keys = json.loads((folder / "features.json").read_text(encoding="utf-8"))
            with np.load(folder / "model.npz") as arrays:
                weights, bias = arrays["weights"], arrays["bias"]
            model = cls(meta["name"], meta["version"], tuple(meta["labels"]),
                        {k: i for i, k in enumerate(keys)}, weights, bias, meta["thresholds"],
                        meta.get("pattern_precision", {}),
                        {k: v for k, v in meta.items() if k not in core})
            outputs = {parse_label(x)[0] for x in model.labels if x != NONE}
            if NONE not in model.labels or not outputs <= set(model.thresholds) or \
                    weights.shape != (len(model.labels), len(keys)):
                raise ValueError("labels, thresholds and weights do not agree")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise GraphbuildError("E040", f"{folder}: no usable model ({exc})") from None
        return model


def shipped_folder(name: str = SHIPPED) -> Path:
    return Path(str(resources.files("graphbuild.extract") / name))


@lru_cache(maxsize=2)
def load_model(name: str = SHIPPED) -> LinearModel | None:
    """A model shipped with graphbuild (None when there is none), loaded once per process:
    the relation classifier, or with ACTORS_SHIPPED the actor model."""
    path = shipped_folder(name)
    return LinearModel.load(path) if (path / "meta.json").is_file() else None
