"""The referral search behind `/verwijs`, the public search page and the HSDS API.

Public entry points live in `domain.referral_search` (`ReferralIndex.build(...)`, `index.search(...)`);
this package holds the pieces it is made of: the data types (`types`) and the filter rules (`filters`).
"""
