/* The search's three dense loops, each one pass in C where NumPy needs a dozen or more calls (issue 18).
 *
 * domain/search/scoring.py calls them and keeps the same steps in NumPy, which answer when this module is
 * not built; tests/test_search_kernels.py holds the two to the same outcomes, score for score. Every
 * floating-point operation is the one NumPy does, in the same order (no contraction into fused
 * multiply-adds: setup.py builds with -ffp-contract=off).
 *
 * Arrays come in through the buffer protocol (no NumPy headers needed): postings' offerings as int32,
 * scores as float64, masks as bool, one slot per offering of the index unless said otherwise. Arrays
 * written to are made by the caller (np.zeros), so that they are NumPy arrays for what follows.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} Buf;

static int take(PyObject *obj, Buf *b, Py_ssize_t itemsize, int writable, const char *what) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    b->held = 0;
    if (PyObject_GetBuffer(obj, &b->view, flags) < 0)
        return -1;
    b->held = 1;
    if (b->view.itemsize != itemsize || b->view.ndim != 1) {
        PyErr_Format(PyExc_TypeError, "%s: a one-dimensional array of %zd-byte items is needed", what, itemsize);
        return -1;
    }
    return 0;
}

static void let_go(Buf *b) {
    if (b->held) {
        PyBuffer_Release(&b->view);
        b->held = 0;
    }
}

static Py_ssize_t length(Buf *b) { return b->view.shape[0]; }

/* As `take`, of exactly `n` items. */
static int take_n(PyObject *obj, Buf *b, Py_ssize_t itemsize, int writable, Py_ssize_t n, const char *what) {
    if (take(obj, b, itemsize, writable, what) < 0)
        return -1;
    if (length(b) != n) {
        PyErr_Format(PyExc_ValueError, "%s: %zd items, not %zd", what, length(b), n);
        return -1;
    }
    return 0;
}

/* As `take_n`, read only, or None (then nothing is held: every offering, or no factor). */
static int take_optional(PyObject *obj, Buf *b, Py_ssize_t itemsize, Py_ssize_t n, const char *what) {
    b->held = 0;
    return obj == Py_None ? 0 : take_n(obj, b, itemsize, 0, n, what);
}

/* match(vals, creds, alts, allowed, broader_below) -> (found, used)
 *
 * One unit's match (Ranking._unit_match without its parts): `alts` are (offerings, scores, weight,
 * credit, broad) per alternative with postings, best kind first. An offering not matched yet takes the
 * alternative's weighted score and credit; a precise alternative raises a score already there to its own
 * when higher, a broad one (a broader concept) never does. Broad alternatives are skipped once
 * `broader_below` offerings match. Returns the offerings matched and how many alternatives were used. */
static PyObject *match(PyObject *self, PyObject *args) {
    PyObject *vals_o, *creds_o, *alts, *allowed_o;
    Py_ssize_t broader_below;
    if (!PyArg_ParseTuple(args, "OOOOn", &vals_o, &creds_o, &alts, &allowed_o, &broader_below))
        return NULL;
    Buf vals = {0}, creds = {0}, allowed = {0}, docs = {0}, scores = {0};
    PyObject *seq = NULL, *result = NULL;
    Py_ssize_t found = 0, used = 0;
    if (take(vals_o, &vals, 8, 1, "vals") < 0)
        goto done;
    Py_ssize_t n = length(&vals);
    if (take_n(creds_o, &creds, 8, 1, n, "creds") < 0 || take_optional(allowed_o, &allowed, 1, n, "allowed") < 0)
        goto done;
    seq = PySequence_Fast(alts, "alts must be a sequence");
    if (seq == NULL)
        goto done;
    double *v = (double *)vals.view.buf, *c = (double *)creds.view.buf;
    const char *ok = allowed.held ? (const char *)allowed.view.buf : NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    for (; used < count; used++) {
        PyObject *alt = PySequence_Fast_GET_ITEM(seq, used);
        PyObject *docs_o, *scores_o;
        double weight, credit;
        int broad;
        if (!PyArg_ParseTuple(alt, "OOddp", &docs_o, &scores_o, &weight, &credit, &broad))
            goto done;
        if (broad && found >= broader_below)
            break;
        if (take(docs_o, &docs, 4, 0, "offerings") < 0)
            goto done;
        Py_ssize_t m = length(&docs);
        if (take_n(scores_o, &scores, 8, 0, m, "scores") < 0)
            goto done;
        const int *d = (const int *)docs.view.buf;
        const double *s = (const double *)scores.view.buf;
        int first = found == 0;
        Py_ssize_t added = 0;
        for (Py_ssize_t j = 0; j < m; j++) {
            int k = d[j];
            if (k < 0 || k >= n) {
                PyErr_SetString(PyExc_IndexError, "an offering outside the index");
                goto done;
            }
            if (ok != NULL && !ok[k])
                continue;
            double w = weight == 1.0 ? s[j] : weight * s[j];
            if (first) {
                v[k] = w;
                c[k] = credit;
                added++;
            } else if (v[k] == 0.0) {
                v[k] = broad ? w : (v[k] < w || w != w ? w : v[k]);
                c[k] = credit;
                added++;
            } else if (!broad && (v[k] < w || w != w)) {
                v[k] = w;
            }
        }
        found += added;
        let_go(&docs);
        let_go(&scores);
    }
    result = Py_BuildValue("nn", found, used);
done:
    let_go(&vals);
    let_go(&creds);
    let_go(&allowed);
    let_go(&docs);
    let_go(&scores);
    Py_XDECREF(seq);
    return result;
}

/* rank(scores, coverage, ranked, units, bonuses, generalist, allowed, share, services)
 *     -> (best coverage, offerings ranked)
 *
 * Ranking._rank's NumPy steps (the sums of Ranking._combine, then what is ranked), in one pass each:
 *   scores = sum of weight * vals per unit, coverage = sum of share * creds (units: (vals, creds, weight,
 *   share), a share of 0 adds nothing); ranked = scores > 0 and coverage >= min_coverage; scores of the
 *   ranked plus their category bonus (bonuses: (offerings, scores, factor), the first one set, the others
 *   the larger), the others 0; general help points (generalist, within allowed) add share times the best
 *   score before bonuses and are ranked; a unit asking for a service (services: its creds) keeps only what covers it. */
static PyObject *rank(PyObject *self, PyObject *args) {
    PyObject *scores_o, *coverage_o, *ranked_o, *units, *bonuses, *generalist_o, *allowed_o, *share_o, *services;
    double min_coverage, service_coverage;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOdd", &scores_o, &coverage_o, &ranked_o, &units, &bonuses, &generalist_o,
                          &allowed_o, &share_o, &services, &min_coverage, &service_coverage))
        return NULL;
    Buf sc = {0}, cov = {0}, rk = {0}, gen = {0}, allowed = {0}, share = {0}, a = {0}, b = {0};
    PyObject *units_seq = NULL, *bonus_seq = NULL, *service_seq = NULL, *result = NULL;
    double *bonus = NULL;
    if (take(scores_o, &sc, 8, 1, "scores") < 0)
        goto done;
    Py_ssize_t n = length(&sc);
    if (take_n(coverage_o, &cov, 8, 1, n, "coverage") < 0 || take_n(ranked_o, &rk, 1, 1, n, "ranked") < 0 ||
        take_optional(generalist_o, &gen, 1, n, "generalist") < 0 ||
        take_optional(allowed_o, &allowed, 1, n, "allowed") < 0)
        goto done;
    if (gen.held && take_n(share_o, &share, 8, 0, n, "share") < 0)
        goto done;
    double *restrict s = (double *)sc.view.buf, *restrict cv = (double *)cov.view.buf;
    char *restrict r = (char *)rk.view.buf;
    units_seq = PySequence_Fast(units, "units must be a sequence");
    if (units_seq == NULL)
        goto done;
    for (Py_ssize_t u = 0; u < PySequence_Fast_GET_SIZE(units_seq); u++) {
        PyObject *vals_o, *creds_o;
        double weight, part;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(units_seq, u), "OOdd", &vals_o, &creds_o, &weight, &part))
            goto done;
        if (take_n(vals_o, &a, 8, 0, n, "vals") < 0 || take_n(creds_o, &b, 8, 0, n, "creds") < 0)
            goto done;
        const double *restrict v = (const double *)a.view.buf, *restrict c = (const double *)b.view.buf;
        if (weight == 1.0)
            for (Py_ssize_t i = 0; i < n; i++)
                s[i] += v[i];
        else
            for (Py_ssize_t i = 0; i < n; i++)
                s[i] += weight * v[i];
        if (part != 0.0)
            for (Py_ssize_t i = 0; i < n; i++)
                cv[i] += part * c[i];
        let_go(&a);
        let_go(&b);
    }
    double best_coverage = n ? cv[0] : 0.0, top = n ? s[0] : 0.0;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (cv[i] > best_coverage)
            best_coverage = cv[i];
        if (s[i] > top)
            top = s[i];
    }
    bonus_seq = PySequence_Fast(bonuses, "bonuses must be a sequence");
    if (bonus_seq == NULL)
        goto done;
    if (PySequence_Fast_GET_SIZE(bonus_seq) > 0) {
        bonus = PyMem_Calloc(n ? n : 1, sizeof(double));
        if (bonus == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }
    for (Py_ssize_t q = 0; q < PySequence_Fast_GET_SIZE(bonus_seq); q++) {
        PyObject *docs_o, *vals_o;
        double factor;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(bonus_seq, q), "OOd", &docs_o, &vals_o, &factor))
            goto done;
        if (take(docs_o, &a, 4, 0, "offerings") < 0 || take_n(vals_o, &b, 8, 0, length(&a), "scores") < 0)
            goto done;
        const int *d = (const int *)a.view.buf;
        const double *v = (const double *)b.view.buf;
        for (Py_ssize_t j = 0; j < length(&a); j++) {
            if (d[j] < 0 || d[j] >= n) {
                PyErr_SetString(PyExc_IndexError, "an offering outside the index");
                goto done;
            }
            double x = factor * v[j];
            if (q == 0 || bonus[d[j]] < x || x != x)
                bonus[d[j]] = x;
        }
        let_go(&a);
        let_go(&b);
    }
    const char *g = gen.held ? (const char *)gen.view.buf : NULL;
    const char *ok = allowed.held ? (const char *)allowed.view.buf : NULL;
    const double *sh = share.held ? (const double *)share.view.buf : NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        char in = s[i] > 0.0 && cv[i] >= min_coverage;
        s[i] = in ? (bonus != NULL ? s[i] + bonus[i] : s[i]) : 0.0;
        if (g != NULL && g[i] && (ok == NULL || ok[i])) {
            s[i] = s[i] + sh[i] * top;
            in = 1;
        }
        r[i] = in;
    }
    service_seq = PySequence_Fast(services, "services must be a sequence");
    if (service_seq == NULL)
        goto done;
    for (Py_ssize_t q = 0; q < PySequence_Fast_GET_SIZE(service_seq); q++) {
        if (take_n(PySequence_Fast_GET_ITEM(service_seq, q), &a, 8, 0, n, "creds") < 0)
            goto done;
        const double *c = (const double *)a.view.buf;
        for (Py_ssize_t i = 0; i < n; i++)
            r[i] = r[i] && c[i] >= service_coverage;
        let_go(&a);
    }
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        count += r[i] != 0;
    result = Py_BuildValue("dn", best_coverage, count);
done:
    PyMem_Free(bonus);
    let_go(&sc);
    let_go(&cov);
    let_go(&rk);
    let_go(&gen);
    let_go(&allowed);
    let_go(&share);
    let_go(&a);
    let_go(&b);
    Py_XDECREF(units_seq);
    Py_XDECREF(bonus_seq);
    Py_XDECREF(service_seq);
    return result;
}

typedef struct {
    double value;
    int doc;
} Ranked;

/* Best first; equal scores by offering. */
static inline int before(const Ranked *a, const Ranked *b) {
    return a->value > b->value || (a->value == b->value && a->doc < b->doc);
}

static inline void swap(Ranked *a, Ranked *b) {
    Ranked t = *a;
    *a = *b;
    *b = t;
}

/* items[k] becomes the one at place k in order, items[0..k) the k before it (not sorted among themselves);
 * k < m. */
static void select_first(Ranked *items, Py_ssize_t m, Py_ssize_t k) {
    Py_ssize_t lo = 0, hi = m - 1;
    while (lo < hi) {
        Ranked pivot = items[lo + (hi - lo) / 2];
        Py_ssize_t i = lo, j = hi;
        while (i <= j) {
            while (before(&items[i], &pivot))
                i++;
            while (before(&pivot, &items[j]))
                j--;
            if (i <= j) {
                swap(&items[i], &items[j]);
                i++;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* Sorts items[0..m) in order, `spare` room for m more (a merge sort: the order is total). */
static void sort_ranked(Ranked *items, Ranked *spare, Py_ssize_t m) {
    for (Py_ssize_t start = 0; start < m; start += 8) {  /* runs of 8 by insertion */
        Py_ssize_t end = start + 8 < m ? start + 8 : m;
        for (Py_ssize_t i = start + 1; i < end; i++) {
            Ranked x = items[i];
            Py_ssize_t j = i;
            while (j > start && before(&x, &items[j - 1])) {
                items[j] = items[j - 1];
                j--;
            }
            items[j] = x;
        }
    }
    Ranked *from = items, *to = spare;
    for (Py_ssize_t width = 8; width < m; width *= 2) {
        for (Py_ssize_t left = 0; left < m; left += 2 * width) {
            Py_ssize_t mid = left + width < m ? left + width : m, right = left + 2 * width < m ? left + 2 * width : m;
            Py_ssize_t i = left, j = mid, k = left;
            while (i < mid && j < right)
                to[k++] = before(&from[j], &from[i]) ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < right)
                to[k++] = from[j++];
        }
        Ranked *t = from;
        from = to;
        to = t;
    }
    if (from != items)
        memcpy(items, from, (size_t)m * sizeof(Ranked));
}

/* order(scores, ranked, wanted, groups, own, cutoff, least, most) -> (offerings, scores)
 *
 * Ranking._outcome's order: of the ranked offerings, those that cannot reach the cut-off or the first
 * `wanted` places whatever their factors (least, most: the smallest and largest factor) are left out;
 * the others' scores times their target-group factor (groups) and own-neighbourhood factor (own, or None);
 * what falls below `cutoff` times the best is cut; the first `wanted`, best first, equal scores by
 * offering. */
static PyObject *order(PyObject *self, PyObject *args) {
    PyObject *scores_o, *ranked_o, *groups_o, *own_o;
    Py_ssize_t wanted;
    double cutoff, least, most;
    if (!PyArg_ParseTuple(args, "OOnOOddd", &scores_o, &ranked_o, &wanted, &groups_o, &own_o, &cutoff, &least, &most))
        return NULL;
    Buf sc = {0}, rk = {0}, tg = {0}, own = {0};
    Ranked *items = NULL;
    PyObject *docs_l = NULL, *values_l = NULL, *result = NULL;
    if (take(scores_o, &sc, 8, 0, "scores") < 0)
        goto done;
    Py_ssize_t n = length(&sc);
    if (take_n(ranked_o, &rk, 1, 0, n, "ranked") < 0 || take_n(groups_o, &tg, 8, 0, n, "groups") < 0 ||
        take_optional(own_o, &own, 8, n, "own") < 0)
        goto done;
    const double *s = (const double *)sc.view.buf, *g = (const double *)tg.view.buf;
    const double *o = own.held ? (const double *)own.view.buf : NULL;
    const char *r = (const char *)rk.view.buf;
    items = PyMem_Malloc((n ? 2 * n : 1) * sizeof(Ranked));  /* the second half: room to select and sort in */
    if (items == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t m = 0;
    double best = 0.0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (r[i]) {
            items[m].doc = (int)i;
            items[m].value = s[i];
            if (m == 0 || s[i] > best)
                best = s[i];
            m++;
        }
    Py_ssize_t kept = 0;
    if (m) {
        double floor = cutoff * best * least / most;
        if (wanted > 0 && m > 2 * wanted) {
            /* the `wanted`-th best score (np.partition's at m - wanted), found in a copy in the second half */
            Ranked *copy = items + m;
            memcpy(copy, items, (size_t)m * sizeof(Ranked));
            select_first(copy, m, wanted - 1);
            double kth = copy[wanted - 1].value * least / most;
            if (kth > floor)
                floor = kth;
        }
        double top = 0.0;
        for (Py_ssize_t i = 0; i < m; i++) {
            if (!(items[i].value >= floor))
                continue;
            int d = items[i].doc;
            double v = items[i].value * g[d];
            if (o != NULL)
                v = v * o[d];
            if (kept == 0 || v > top)
                top = v;
            items[kept].doc = d;
            items[kept].value = v;
            kept++;
        }
        double bar = cutoff * top;
        Py_ssize_t left = 0;
        for (Py_ssize_t i = 0; i < kept; i++)
            if (items[i].value >= bar)
                items[left++] = items[i];
        kept = left;
        if (wanted < 1)
            kept = 0;
        else if (kept > wanted) {
            select_first(items, kept, wanted);
            kept = wanted;
        }
        sort_ranked(items, items + kept, kept);
    }
    docs_l = PyList_New(kept);
    values_l = PyList_New(kept);
    if (docs_l == NULL || values_l == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < kept; i++) {
        PyObject *d = PyLong_FromLong(items[i].doc), *v = PyFloat_FromDouble(items[i].value);
        if (d == NULL || v == NULL) {
            Py_XDECREF(d);
            Py_XDECREF(v);
            goto done;
        }
        PyList_SET_ITEM(docs_l, i, d);
        PyList_SET_ITEM(values_l, i, v);
    }
    result = PyTuple_Pack(2, docs_l, values_l);
done:
    PyMem_Free(items);
    Py_XDECREF(docs_l);
    Py_XDECREF(values_l);
    let_go(&sc);
    let_go(&rk);
    let_go(&tg);
    let_go(&own);
    return result;
}

static PyMethodDef methods[] = {
    {"match", match, METH_VARARGS, "One unit's match: (found, alternatives used)."},
    {"rank", rank, METH_VARARGS, "Sum, cover and rank: (best coverage, offerings ranked)."},
    {"order", order, METH_VARARGS, "The ranked offerings in order: (offerings, scores)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
