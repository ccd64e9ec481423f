import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score

train = pd.read_csv("../input/spaceship-titanic/train.csv")
test = pd.read_csv("../input/spaceship-titanic/test.csv")


def split_cabin(df):
    parts = df["Cabin"].fillna("Z/0/Z").str.split("/", expand=True)
    df["Deck"] = parts[0]
    df["CabinNum"] = parts[1].astype(float)
    df["Side"] = parts[2]
    return df


def add_spending(df):
    spend_cols = ["RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]
    df[spend_cols] = df[spend_cols].fillna(0)
    df["TotalSpend"] = df[spend_cols].sum(axis=1)
    df["NoSpend"] = (df["TotalSpend"] == 0).astype(int)
    df["LogSpend"] = np.log1p(df["TotalSpend"])
    return df


for frame in (train, test):
    split_cabin(frame)
    add_spending(frame)
    frame["Age"] = frame["Age"].fillna(frame["Age"].median())
    frame["CryoSleep"] = frame["CryoSleep"].fillna(False).astype(int)
    frame["VIP"] = frame["VIP"].fillna(False).astype(int)

categorical = ["HomePlanet", "Destination", "Deck", "Side"]
numeric = ["Age", "CabinNum", "TotalSpend", "LogSpend", "NoSpend", "CryoSleep", "VIP"]
full = pd.concat([train, test], axis=0)
dummies = pd.get_dummies(full[categorical].fillna("missing"))
X_all = pd.concat([full[numeric].fillna(-1), dummies], axis=1)
X = X_all.iloc[: len(train)]
X_test = X_all.iloc[len(train) :]
y = train["Transported"].astype(int)

model = RandomForestClassifier(n_estimators=400, max_depth=12, min_samples_leaf=2, random_state=42)
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
scores = cross_val_score(model, X, y, cv=folds, scoring="accuracy")
print("CV accuracy: %.4f +- %.4f" % (scores.mean(), scores.std()))

model.fit(X, y)
predictions = model.predict(X_test).astype(bool)
submission = pd.DataFrame({"PassengerId": test["PassengerId"], "Transported": predictions})
submission.to_csv("submission.csv", index=False)
print(submission.head())
