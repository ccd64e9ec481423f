"""Synthetic h-and-m-personalized-fashion-recommendations download: articles.csv (25 columns,
ten-digit zero-padded article ids), customers.csv (7 columns, gaps where Kaggle's has them),
transactions_train.csv (t_dat, customer_id, article_id, price, sales_channel_id, in date
order), sample_submission.csv (every customer, the same twelve articles) and one JPEG per
article in ``images/<first three digits>/<article_id>.jpg`` (a few articles have none).

Kaggle's has 105,542 articles, 1.37 M customers and 31.8 M transactions over two years;
here ``n_articles``, ``n_customers`` and ``n_transactions`` over ``n_days`` days. Each
customer favours a few product groups and buys popular articles of them again, so a
repeat-purchase or popularity baseline finds part of the last week's purchases.
"""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from mle_pipeline.sources.synthetic import hex_ids, rng, write_csv, write_image

LAST_DAY = date(2020, 9, 22)
GROUPS = [
    (253, "Vest top", "Garment Upper body"),
    (272, "Trousers", "Garment Lower body"),
    (265, "Dress", "Garment Full body"),
    (286, "Underwear bottom", "Underwear"),
    (306, "Bra", "Underwear"),
    (245, "Shirt", "Garment Upper body"),
    (72, "Sneakers", "Shoes"),
]
COLOURS = [(9, "Black", 4, "Dark", 5, "Black"), (10, "White", 3, "Light", 9, "White"),
           (73, "Dark Blue", 4, "Dark", 2, "Blue"), (13, "Beige", 2, "Medium Dusty", 11, "Beige"),
           (93, "Dark Green", 4, "Dark", 19, "Green")]  # fmt: skip
INDEXES = [("A", "Ladieswear", 1), ("D", "Divided", 2), ("F", "Menswear", 3), ("H", "Children", 4)]
ARTICLE_COLUMNS = [
    "article_id", "product_code", "prod_name", "product_type_no", "product_type_name",
    "product_group_name", "graphical_appearance_no", "graphical_appearance_name",
    "colour_group_code", "colour_group_name", "perceived_colour_value_id",
    "perceived_colour_value_name", "perceived_colour_master_id", "perceived_colour_master_name",
    "department_no", "department_name", "index_code", "index_name", "index_group_no",
    "index_group_name", "section_no", "section_name", "garment_group_no", "garment_group_name",
    "detail_desc",
]  # fmt: skip
SAMPLE_PREDICTION = (
    "0706016001 0706016002 0372860001 0610776002 0759871002 0464297007 "
    "0372860002 0610776001 0399223001 0706016003 0720125001 0156231001"
)


def _articles(gen: np.random.Generator, n: int) -> pd.DataFrame:
    codes = np.sort(gen.choice(np.arange(108_775, 959_461), n, replace=False))
    rows = []
    for code in codes:
        group = GROUPS[int(gen.integers(len(GROUPS)))]
        colour = COLOURS[int(gen.integers(len(COLOURS)))]
        index = INDEXES[int(gen.integers(len(INDEXES)))]
        department = int(gen.integers(1000, 9999))
        description = None if gen.random() < 0.05 else f"Soft {group[1].lower()} in cotton jersey"
        rows.append(
            [
                f"{code:07d}{int(gen.integers(1, 4)):03d}",
                f"{code:07d}",
                f"{group[1]} {code % 97}",
                group[0],
                group[1],
                group[2],
                1010016,
                "Solid",
                *colour,
                department,
                f"Department {department}",
                index[0],
                index[1],
                index[2],
                index[1],
                int(gen.integers(2, 80)),
                f"Section {index[1]}",
                1002,
                "Jersey Basic",
                description,
            ]  # fmt: skip
        )
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS).drop_duplicates("article_id")


def _customers(gen: np.random.Generator, n: int) -> pd.DataFrame:
    member = gen.choice(["ACTIVE", "PRE-CREATE", "LEFT CLUB", None], n, p=[0.9, 0.07, 0.01, 0.02])
    news = gen.choice(["NONE", "Regularly", "Monthly", None], n, p=[0.63, 0.35, 0.01, 0.01])
    return pd.DataFrame(
        {
            "customer_id": hex_ids(gen, n, 64),
            "FN": np.where(gen.random(n) < 0.35, 1.0, np.nan),
            "Active": np.where(gen.random(n) < 0.34, 1.0, np.nan),
            "club_member_status": member,
            "fashion_news_frequency": news,
            "age": pd.array(
                np.where(gen.random(n) < 0.01, np.nan, gen.integers(16, 90, n)), dtype="Int64"
            ),
            "postal_code": hex_ids(gen, n, 64),
        }
    )


def _transactions(
    gen: np.random.Generator, customers: list[str], articles: pd.DataFrame, n: int, days: int
) -> pd.DataFrame:
    """``n`` purchases in date order; each customer buys from one favourite product type,
    popular articles more often, now and then twice the same article on a day."""
    kinds = articles["product_type_no"].to_numpy()
    popularity = gen.pareto(1.2, len(articles)) + 0.1
    prices = gen.integers(50, 3000, len(articles)) / 59_000
    favourite = gen.choice(np.unique(kinds), len(customers))
    buyer = gen.choice(len(customers), n)
    item = np.empty(n, dtype=np.int64)
    for kind in np.unique(favourite[buyer]):
        rows = np.flatnonzero(favourite[buyer] == kind)
        pool = np.flatnonzero(kinds == kind)
        weights = popularity[pool] / popularity[pool].sum()
        item[rows] = gen.choice(pool, len(rows), p=weights)
    day = np.sort(gen.integers(0, days, n))
    first = LAST_DAY - timedelta(days=days - 1)
    dates = np.array([(first + timedelta(days=d)).isoformat() for d in range(days)])
    frame = pd.DataFrame(
        {
            "t_dat": dates[day],
            "customer_id": np.asarray(customers)[buyer],
            "article_id": articles["article_id"].to_numpy()[item],
            "price": prices[item] * np.where(gen.random(n) < 0.1, 0.8, 1.0),
            "sales_channel_id": np.where(gen.random(n) < 0.7, 2, 1),
        }
    )
    repeats = frame[gen.random(n) < 0.03]  # the same article bought twice on a day
    return pd.concat([frame, repeats]).sort_index(kind="stable").reset_index(drop=True)


def generate(
    out_dir: Path,
    seed: int = 0,
    n_articles: int = 120,
    n_customers: int = 300,
    n_transactions: int = 3000,
    n_days: int = 60,
) -> None:
    gen = rng(seed, "h-and-m-personalized-fashion-recommendations")
    articles = _articles(gen, n_articles)
    customers = _customers(gen, n_customers)
    transactions = _transactions(
        gen, list(customers["customer_id"]), articles, n_transactions, n_days
    )
    write_csv(articles, out_dir / "articles.csv")
    write_csv(customers, out_dir / "customers.csv")
    write_csv(transactions, out_dir / "transactions_train.csv")
    sample = customers[["customer_id"]].assign(prediction=SAMPLE_PREDICTION)
    write_csv(sample, out_dir / "sample_submission.csv")
    for article_id in articles["article_id"]:
        if gen.random() < 0.95:
            pixels = gen.integers(0, 256, (12, 8, 3))
            write_image(pixels, out_dir / "images" / article_id[:3] / f"{article_id}.jpg")
