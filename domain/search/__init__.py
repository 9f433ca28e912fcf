"""The referral search behind `/verwijs`, the public search page and the HSDS API.

Public entry points live in `domain.referral_search` (`ReferralIndex.build(...)`, `index.search(...)`);
this package holds the pieces it is made of: data types (`types`), filter rules (`filters`), the static
lexicon (`lexicon`), document analysis (`analyzer`), query units (`units`), the query parser (`query`),
the index build (`index`) and the ranking (`scoring`); `phrases` words an outcome's filters in Dutch.
"""
