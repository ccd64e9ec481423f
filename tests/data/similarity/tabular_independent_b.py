import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

df_train = pd.read_csv("/home/data/train.csv")
df_test = pd.read_csv("/home/data/test.csv")
label = df_train.pop("Transported")

num_cols = ["Age", "RoomService", "FoodCourt", "ShoppingMall", "Spa", "VRDeck"]
cat_cols = ["HomePlanet", "CryoSleep", "Destination", "VIP"]

pre = ColumnTransformer(
    [
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), num_cols),
        (
            "cat",
            make_pipeline(
                SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")
            ),
            cat_cols,
        ),
    ]
)
clf = Pipeline([("prep", pre), ("lr", LogisticRegression(C=0.5, max_iter=2000))])
clf.fit(df_train, label)
result = pd.DataFrame(
    {"PassengerId": df_test["PassengerId"], "Transported": clf.predict(df_test)}
)
result.to_csv("/home/submission/submission.csv", index=False)
print("wrote", len(result), "rows")
