"""scikit-learn's LatentDirichletAllocation on the doc-word matrix written by bench/lda.ts.

Usage: /usr/bin/python3 bench/lda_sklearn.py <exchange dir>
Reads meta.json, docs.i32, words.i32, counts.f64; fits batch variational Bayes with the same K and iterations
under two prior settings (below); per setting writes theta-<setting>.f64 (D x K, normalised doc-topic
distributions from transform()) and phi-<setting>.f64 (W x K, column k = components_[k] / its sum); sklearn.json has fit seconds and versions.
"""
import json
import sys
import time

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.decomposition import LatentDirichletAllocation

folder = sys.argv[1]
meta = json.load(open(f"{folder}/meta.json"))
docs = np.fromfile(f"{folder}/docs.i32", dtype=np.int32)
words = np.fromfile(f"{folder}/words.i32", dtype=np.int32)
counts = np.fromfile(f"{folder}/counts.f64", dtype=np.float64)
X = sp.csr_matrix((counts, (docs, words)), shape=(meta["numDocs"], meta["numWords"]))

# Two prior settings: "vb-equivalent" (MAP prior a behaves like VB prior a - 0.5: exp(digamma(x)) ~ x - 0.5,
# Asuncion et al., UAI 2009) and "same-pseudocounts" (a - 1, the pseudo-counts MAP-EM adds). sklearn's priors
# must lie in [0, 1], so spot's 1.02 / 1.001 cannot be passed as they are.
settings = {
    "vb-equivalent": (meta["alpha"] - 0.5, meta["beta"] - 0.5),
    "same-pseudocounts": (meta["alpha"] - 1.0, meta["beta"] - 1.0),
}
report = {"sklearn": sklearn.__version__, "numpy": np.__version__, "nnz": int(X.nnz), "runs": {}}
for name, (doc_prior, word_prior) in settings.items():
    lda = LatentDirichletAllocation(
        n_components=meta["topics"],
        max_iter=meta["iterations"],
        learning_method="batch",
        doc_topic_prior=doc_prior,
        topic_word_prior=word_prior,
        random_state=meta["seed"],
        evaluate_every=-1,
        n_jobs=1,
    )
    start, cpu_start = time.perf_counter(), time.process_time()
    lda.fit(X)
    fit_seconds = time.perf_counter() - start
    fit_cpu_seconds = time.process_time() - cpu_start
    theta = lda.transform(X)  # already row-normalised
    phi = (lda.components_ / lda.components_.sum(axis=1)[:, np.newaxis]).T  # W x K
    np.ascontiguousarray(theta, dtype=np.float64).tofile(f"{folder}/theta-{name}.f64")
    np.ascontiguousarray(phi, dtype=np.float64).tofile(f"{folder}/phi-{name}.f64")
    report["runs"][name] = {
        "fitSeconds": fit_seconds,
        "fitCpuSeconds": fit_cpu_seconds,
        "docTopicPrior": doc_prior,
        "topicWordPrior": word_prior,
    }
    print(f"sklearn {sklearn.__version__} [{name}, priors {doc_prior:.3f}/{word_prior:.3f}]: fit {fit_seconds:.2f} s (cpu {fit_cpu_seconds:.2f} s) "
          f"on {X.shape[0]} docs x {X.shape[1]} words, nnz {X.nnz}", flush=True)
json.dump(report, open(f"{folder}/sklearn.json", "w"))
