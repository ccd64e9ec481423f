"""Gradient boosting on a handful of engineered columns."""

import os

import lightgbm as lgb
import pandas as pd

DATA = os.environ.get("DATA_DIR", "data")
tr = pd.read_csv(os.path.join(DATA, "train.csv"))
te = pd.read_csv(os.path.join(DATA, "test.csv"))
SPEND = ["RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]


def features(d: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=d.index)
    out["spend"] = d[SPEND].sum(axis=1, min_count=1)
    out["age"] = d["Age"]
    out["cryo"] = d["CryoSleep"].map({True: 1, False: 0})
    deck_side = d["Cabin"].str.extract(r"^(\w)/\d+/(\w)$")
    out["deck"] = deck_side[0].astype("category")
    out["side"] = deck_side[1].astype("category")
    out["planet"] = d["HomePlanet"].astype("category")
    out["dest"] = d["Destination"].astype("category")
    out["group_size"] = d["PassengerId"].str[:4].map(d["PassengerId"].str[:4].value_counts())
    return out


params = {"objective": "binary", "learning_rate": 0.03, "num_leaves": 31, "verbose": -1}
booster = lgb.train(params, lgb.Dataset(features(tr), tr["Transported"].astype(int)), 600)
probs = booster.predict(features(te))
out = te[["PassengerId"]].copy()
out["Transported"] = probs > 0.5
os.makedirs("submission", exist_ok=True)
out.to_csv("submission/submission.csv", index=False)
