"""Shared by the fit_bootstrap_* peers: the timm join (see ../shared/data/README.md)."""
import numpy as np
import pandas as pd


def load(d="../shared/data/timm"):
    r = pd.read_csv(d + "/results-imagenet.csv", thousands=",")
    b = pd.read_csv(d + "/benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv")
    r["arch"] = r["model"].str.split(".").str[0]
    b = b.drop_duplicates(["model", "infer_img_size"], keep="first")
    j = r.merge(b, left_on=["arch", "img_size"], right_on=["model", "infer_img_size"], how="inner")
    j = j[(j.top1_err > 0) & (j.infer_gmacs > 0)]
    return np.log10(j.infer_gmacs.values), np.log10(j.top1_err.values)
