"""Synthetic but valid member data: company and person names of 西咸新区's manufacturing
industry, valid credit codes (GB 32100) and ID numbers (GB 11643) with computed check characters.

Used by the demo book (``demo.py``) and by ``bench/bench_members.py`` (100,000 members).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric, uscc

PLACES = ["西咸新区", "沣东新城", "沣西新城", "秦汉新城", "空港新城", "泾河新城", "陕西", "西安", "咸阳"]
BRANDS = ["秦川", "丝路", "长安", "渭水", "泾渭", "华山", "汉唐", "未央", "沣河", "昆明池", "周原", "鼎盛",
          "宏远", "恒信", "瑞丰", "启航", "星火", "天成", "博源", "中瑞", "德润", "金鹏", "银河", "龙腾",
          "万象", "华泰", "新航", "锐思", "拓普", "凯达", "精工", "明德", "同创", "聚能", "远景", "正泰",
          "通达", "北辰", "东方", "永兴", "晶华", "盛世", "国瑞", "协同", "航宇", "智汇", "中科", "众诚"]
TRADES = [("精密机械", "通用设备制造业"), ("智能装备", "专用设备制造业"), ("新材料", "新材料制造业"),
          ("电子科技", "计算机、通信和其他电子设备制造业"), ("汽车零部件", "汽车制造业"),
          ("航空部件", "铁路、船舶、航空航天和其他运输设备制造业"), ("光电", "计算机、通信和其他电子设备制造业"),
          ("数控机床", "通用设备制造业"), ("电气", "电气机械和器材制造业"), ("环保设备", "专用设备制造业"),
          ("食品", "食品制造业"), ("医疗器械", "专用设备制造业"), ("3D打印", "专用设备制造业"),
          ("新能源", "电气机械和器材制造业"), ("半导体", "计算机、通信和其他电子设备制造业"),
          ("金属制品", "金属制品业"), ("塑胶", "橡胶和塑料制品业"), ("包装", "印刷和记录媒介复制业")]
FORMS = ["有限公司", "股份有限公司", "有限责任公司", "科技有限公司", "制造有限公司"]
ROADS = ["沣泾大道", "世纪大道", "天府路", "统一路", "兰池大道", "秦汉大道", "红光大道", "白马河路", "康定路"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
         "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "志强", "海燕", "晓梅", "文博", "欣怡", "子涵",
         "浩然", "宇轩", "振华", "俊杰", "佳琪", "一鸣", "思远", "嘉怡", "天佑", "卫东", "红梅", "立新", "国庆"]
AREAS = ["610402", "610404", "610481", "610403", "610102", "610103", "610104", "610113", "610114", "610116",
         "610125", "610302", "610502", "610602", "142701", "410302", "620102"]
# Organisation-code bodies of the credit code (GB 32100): 91 = enterprise registered with the
# market regulator; 6100/6104/6101 = Shaanxi, Xianyang, Xi'an.
USCC_HEADS = ["91610000", "91610400", "91611100", "91610100", "91610131"]
ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def company_name(rng: random.Random) -> tuple[str, str]:
    """(name, industry): 西咸新区秦川精密机械有限公司, 通用设备制造业."""
    trade, industry = rng.choice(TRADES)
    form = rng.choice(FORMS)
    if trade.endswith("科技") and form.startswith("科技"):
        form = form[2:]
    return f"{rng.choice(PLACES)}{rng.choice(BRANDS)}{trade}{form}", industry


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def credit_code(rng: random.Random, serial: int | None = None) -> str:
    body = rng.choice(USCC_HEADS) + (f"MA{serial:07d}" if serial is not None
                                     else "MA" + "".join(rng.choice(ALNUM) for _ in range(7)))
    return body + uscc.calc_check_digit(body)


def id_number(rng: random.Random, born: date | None = None, serial: int | None = None) -> str:
    born = born or date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    seq = f"{serial % 1000:03d}" if serial is not None else f"{rng.randrange(0, 1000):03d}"
    body = rng.choice(AREAS) + born.strftime("%Y%m%d") + seq
    # ric.calc_check_digit wants a number that already carries a (placeholder) check digit.
    return body + ric.calc_check_digit(body + "0")


def mobile(rng: random.Random) -> str:
    return rng.choice(["139", "138", "136", "135", "186", "187", "158", "159", "177", "181", "199"]) + \
        f"{rng.randrange(0, 10**8):08d}"


def landline(rng: random.Random) -> str:
    return "029-" + rng.choice("38") + f"{rng.randrange(0, 10**7):07d}"


def address(rng: random.Random) -> str:
    return f"陕西省{rng.choice(PLACES[:6]) if rng.random() < .8 else '西安市'}{rng.choice(ROADS)}{rng.randrange(1, 999)}号"
