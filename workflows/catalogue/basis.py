"""Which articles of the 2022 Measures carry each item of the 2011 rules forward.

Read by hand from both texts: the Measures (revised 2022) restate most of the 2011 rules'
topics as duties of the county-level governments and departments. An item may rest on
several articles; the special-fund articles (第十条, 第十一条) back every grant.
"""

ITEM_ARTICLES: dict[int, tuple[int, ...]] = {
    1: (36,),  # market access → fair competition, negative list
    2: (38,),  # government procurement
    3: (13,),  # prices and fees → tax and fee preferences
    4: (34,),  # employment
    5: (50,),  # burdens → published fee lists
    6: (10, 11),  # fiscal funds → the special development fund
    7: (20, 21),  # guarantee institutions
    8: (8,),  # credit system
    9: (13,),  # tax support
    10: (14, 25),  # credit services, risk compensation
    11: (17,),  # financing channels, listing
    12: (16,),  # inclusive finance
    13: (42, 43),  # service platforms and public service bodies
    14: (29,),  # start-up bases in development parks
    15: (28,),  # land
    16: (37, 39),  # markets, large-enterprise links, exports
    17: (42,),  # producer services
    18: (31, 32, 33),  # technical progress, innovation, research links
    19: (40,),  # informatization
    20: (41, 44),  # management, quality, managers' training
    21: (34, 44),  # vocational schools and training
    22: (29,),  # clustering
    23: (5, 6),  # leadership
    24: (6,),  # the management system
    25: (7,),  # monitoring and statistics
    26: (27,),  # publicity and information
}

GRANT_ARTICLES = (10, 11)  # 专项资金: planned by industry and IT, arranged by finance, audited by audit


def articles_for(item: int, grant: bool = False) -> tuple[int, ...]:
    extra = GRANT_ARTICLES if grant else ()
    return tuple(dict.fromkeys((*extra, *ITEM_ARTICLES.get(item, ()))))
