"""One kind of catalog (jobs or programs) held in memory: vectors and a BM25 index, ready to rank.

The ranking core scores the whole active catalog (z-scores over all items put cosine and BM25 on
one scale), so the index keeps every active item's vector; 100k x 384 float32 is 150 MB.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.features import profile_text
from matcher.lexical import Bm25Index
from matcher.prefilter import ConstraintArrays
from matcher.ranking import rank
from matcher.reranker import Scorer
from matcher.types import Candidate, ProfileQuery, RankedMatch, TaxonomyLike, WagesLike

FloatArray = npt.NDArray[np.float32]


@dataclass
class CatalogIndex:
    kind: str
    candidates: Sequence[Candidate]
    vectors: FloatArray
    bm25: Bm25Index | None
    version: Hashable
    constraint_arrays: ConstraintArrays

    @classmethod
    def build(
        cls, kind: str, candidates: Sequence[Candidate], vectors: FloatArray, version: Hashable
    ) -> "CatalogIndex":
        bm25 = Bm25Index([c.text for c in candidates]) if candidates else None
        return cls(
            kind=kind,
            candidates=candidates,
            vectors=vectors,
            bm25=bm25,
            version=version,
            constraint_arrays=ConstraintArrays.build(candidates),
        )

    def rank(
        self,
        profile: ProfileQuery,
        *,
        profile_vec: FloatArray,
        taxonomy: TaxonomyLike | None,
        wages: WagesLike | None,
        model: Scorer | None,
        top_k: int,
        with_explanations: bool = True,
    ) -> list[RankedMatch]:
        if not self.candidates or self.bm25 is None:
            return []
        lexical = self.bm25.scores(profile_text(profile, taxonomy)).astype(np.float32)
        return rank(
            profile,
            self.candidates,
            profile_vec=profile_vec,
            cand_vecs=self.vectors,
            lexical_scores=lexical,
            wages=wages,
            taxonomy=taxonomy,
            model=model,
            top_k=top_k,
            with_explanations=with_explanations,
            # A vectorized pass over area, pay and status, so restrictive profiles do not grow the
            # pool (and the per-item Python check) over much of the catalog.
            prefilter=self.constraint_arrays.mask(profile.constraints),
        )
