"""The content of every paper form the office offers for download, in zh-TW with English.

Each function returns one ``Form``; its ``id`` is the form's id in ``content/data/downloads.yml``
and its file name. Fees and legal articles printed here must match the guides in
``content/pages/guides/``: change both together.
"""

from __future__ import annotations

from collections.abc import Callable

from scripts.formgen.model import Cell, Form, Heading, Notes, Paragraph, Row, Table, Text, Title

WIDTHS_4 = (3.6, 5.4, 3.6, 5.4)  # label, box, label, box: 18 cm, the A4 text width
WIDTHS_2 = (3.6, 14.4)
DATE_LINE = "民國　　年　　月　　日"
DATE_EN = "Date (ROC year / month / day)"
BOX = "□"


def label(zh: str, en: str = "", span: int = 1) -> Cell:
    return Cell(zh, en, span=span, label=True)


def blank(span: int = 1) -> Cell:
    return Cell(span=span)


def choices(options: list[tuple[str, str]], span: int = 1, per_line: int = 3) -> Cell:
    """Tick boxes: ``□ 出生 Birth``, a few per line, Chinese and English together."""
    items = [f"{BOX} {zh} {en}".strip() for zh, en in options]
    lines = ["　".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return Cell("\n".join(lines), span=span)


def row(*cells: Cell, height: float = 0.9) -> Row:
    return Row(tuple(cells), height)


def person_rows(role_zh: str, role_en: str) -> tuple[Row, ...]:
    """The identity boxes every form asks for, with the minimum fields (PDPA Art. 5)."""
    return (
        row(
            label(f"{role_zh}姓名", f"{role_en} name"),
            blank(),
            label("身分證統一編號", "National ID No."),
            blank(),
        ),
        row(
            label("出生日期", "Date of birth"),
            Cell(DATE_LINE, DATE_EN),
            label("聯絡電話", "Phone"),
            blank(),
        ),
        row(label("戶籍地址", "Registered address"), blank(3), height=1.2),
    )


def signature_row(zh: str, en: str) -> Row:
    return row(label(zh, en), blank(), label("申請日期", "Date"), Cell(DATE_LINE), height=1.6)


def office_use() -> Table:
    """The box the clerk fills in; printed so the citizen knows to leave it empty."""
    return Table(
        WIDTHS_4,
        (
            row(Cell("以下由本所填寫　For office use only", span=4, label=True, align="center")),
            row(label("收件編號", "Case No."), blank(), label("承辦人", "Clerk"), blank()),
            row(label("審核", "Checked by"), blank(), label("主任", "Director"), blank()),
        ),
    )


def pdpa_notice(office: Text, purpose_zh: str, purpose_en: str) -> Paragraph:
    """The Personal Data Protection Act Art. 8 notice, one short paragraph per form."""
    return Paragraph(
        Text(
            f"個人資料保護法第8條告知事項：{office.zh}蒐集本表個人資料，目的為{purpose_zh}，"
            "僅於本所執行法定職務之必要範圍內處理及利用，並依檔案保存年限保存。您可依同法第3條"
            "向本所請求查詢、閱覽、製給複本、補充或更正；未提供必要資料者，本所將無法受理申請。",
            f"Personal Data Protection Act, Art. 8 notice: {office.en} collects the data on this "
            f"form for {purpose_en}, uses it only as its statutory duties require and keeps it "
            "for the retention period of the records. Under Art. 3 you may ask to see, copy, "
            "supplement or correct it. Without the required data the application cannot be "
            "accepted.",
        ),
        small=True,
    )


def household_registration(office: Text) -> Form:
    types = [
        ("出生", "Birth"),
        ("認領", "Acknowledgement"),
        ("收養", "Adoption"),
        ("終止收養", "End of adoption"),
        ("結婚", "Marriage"),
        ("離婚", "Divorce"),
        ("監護", "Guardianship"),
        ("死亡", "Death"),
        ("遷入", "Moving in"),
        ("遷出", "Moving out"),
        ("住址變更", "Move within"),
        ("更正", "Correction"),
        ("其他：＿＿＿＿", "Other"),
    ]
    return Form(
        "household-registration-application",
        Text("戶籍登記申請書", "Household Registration Application"),
        "odt",
        (
            Title(Text("戶籍登記申請書", "Household Registration Application")),
            Heading(Text("一、登記類別", "1. Type of registration")),
            Table(WIDTHS_2, (row(label("類別", "Type"), choices(types, per_line=4), height=2.4),)),
            Heading(Text("二、當事人", "2. Person concerned")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("當事人", "Person's"),
                    row(
                        label("事件發生日期", "Date of the event"),
                        Cell(DATE_LINE),
                        label("性別", "Sex"),
                        choices([("男", "M"), ("女", "F")]),
                    ),
                    row(label("登記內容說明", "Details"), blank(3), height=2.4),
                ),
            ),
            Heading(Text("三、申請人", "3. Applicant")),
            Table(
                WIDTHS_4,
                (
                    row(
                        label("申請人姓名", "Applicant name"),
                        blank(),
                        label("與當事人關係", "Relationship"),
                        blank(),
                    ),
                    row(
                        label("身分證統一編號", "National ID No."),
                        blank(),
                        label("聯絡電話", "Phone"),
                        blank(),
                    ),
                    signature_row("申請人簽名或蓋章", "Signature or seal"),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "請以正楷填寫，塗改處請簽名或蓋章。",
                        "Write clearly in block letters; sign or stamp any correction.",
                    ),
                    Text(
                        "出生、結婚、離婚、死亡、遷徙等登記，應於事件發生之日起30日內申請"
                        "（戶籍法第48條；出生登記為60日）；逾期未申請者，依戶籍法第79條處罰鍰。",
                        "Register within 30 days of the event (Household Registration Act, "
                        "Art. 48; births within 60 days). Late registration is fined under "
                        "Art. 79.",
                    ),
                    Text(
                        "請攜帶申請人國民身分證、印章及相關證明文件；委託他人辦理者，另附委託書及"
                        "受託人國民身分證、印章。",
                        "Bring the applicant's national ID card, seal and supporting documents; an "
                        "agent also brings a letter of entrustment and his or her own ID card and "
                        "seal.",
                    ),
                    Text(
                        "結婚、兩願離婚登記以雙方當事人為申請人（戶籍法第33條、第34條）。",
                        "Both parties apply for marriage and divorce by mutual consent "
                        "(Arts. 33 and 34).",
                    ),
                ),
            ),
            pdpa_notice(office, "辦理戶籍登記（戶政）", "household registration"),
        ),
    )


def entrustment_letter(office: Text) -> Form:
    matters = [
        ("申請戶籍謄本", "Transcript"),
        ("申請印鑑證明", "Seal certificate"),
        ("戶籍登記：＿＿＿＿", "Registration"),
        ("補領或換領戶口名簿", "Household certificate"),
        ("其他：＿＿＿＿", "Other"),
    ]
    return Form(
        "entrustment-letter",
        Text("委託書", "Letter of Entrustment"),
        "odt",
        (
            Title(Text("委託書", "Letter of Entrustment")),
            Paragraph(
                Text(
                    "本人因故無法親自辦理下列事項，特委託受託人代為申請，"
                    "如有不實，委託人及受託人願負法律責任。",
                    "I cannot apply in person and authorise the agent below to apply for me "
                    "for the matters ticked. The principal and the agent are liable at law for "
                    "any false statement.",
                )
            ),
            Heading(Text("一、委託事項", "1. Matters entrusted")),
            Table(
                WIDTHS_2,
                (
                    row(label("委託事項", "Matters"), choices(matters, per_line=3), height=1.6),
                    row(label("份數或說明", "Copies or details"), blank()),
                ),
            ),
            Heading(Text("二、委託人", "2. Principal (the person entrusting)")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("委託人", "Principal"),
                    row(label("委託人簽名或蓋章", "Signature or seal"), blank(3), height=1.6),
                ),
            ),
            Heading(Text("三、受託人", "3. Agent")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("受託人", "Agent"),
                    row(label("與委託人關係", "Relationship"), blank(3)),
                    signature_row("受託人簽名或蓋章", "Signature or seal"),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "受託人應攜帶本人國民身分證、印章，及委託人國民身分證正本（或影本）。",
                        "The agent brings his or her own national ID card and seal, and the "
                        "principal's ID card (original or copy).",
                    ),
                    Text(
                        "委託申請印鑑證明者，委託書須由委託人親自簽名並加蓋印鑑章，依印鑑登記辦法辦理；"
                        "本所得向委託人查證。",
                        "For a seal certificate the principal signs in person and stamps the "
                        "registered seal, as the Seal Registration Regulations require; the "
                        "office may check with the principal.",
                    ),
                    Text(
                        "偽造委託書涉及刑法第210條偽造文書罪。",
                        "Forging a letter of entrustment is an offence under Criminal Code "
                        "Art. 210.",
                    ),
                ),
            ),
            pdpa_notice(office, "受理委託申辦戶政業務（戶政）", "applications made by an agent"),
        ),
    )


def seal_registration(office: Text) -> Form:
    kinds = [
        ("印鑑登記", "Registration"),
        ("印鑑變更", "Change"),
        ("印鑑廢止", "Cancellation"),
        ("申請印鑑證明＿＿份", "Seal certificate, copies"),
    ]
    return Form(
        "seal-registration-application",
        Text("印鑑登記申請書", "Seal Registration Application"),
        "odt",
        (
            Title(Text("印鑑登記申請書", "Seal Registration Application")),
            Heading(Text("一、申請項目", "1. Application")),
            Table(WIDTHS_2, (row(label("項目", "Type"), choices(kinds, per_line=2), height=1.4),)),
            Heading(Text("二、申請人", "2. Applicant")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("申請人", "Applicant"),
                    row(
                        label("法定代理人（未成年人）", "Legal representative (minors)"),
                        blank(),
                        label("身分證統一編號", "National ID No."),
                        blank(),
                    ),
                ),
            ),
            Heading(Text("三、印鑑", "3. Seal impression")),
            Table(
                WIDTHS_4,
                (
                    row(
                        label("印鑑（請蓋於框內）", "Stamp the seal inside the box"),
                        blank(),
                        label("申請人簽名", "Signature"),
                        blank(),
                        height=4.0,
                    ),
                    signature_row("法定代理人簽名", "Representative's signature"),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "印鑑登記、變更、廢止應由本人親自辦理，並攜帶國民身分證及印鑑章"
                        "（印鑑登記辦法）；無法親自辦理者，請洽本所到府服務。",
                        "Register, change or cancel a seal in person with your national ID card "
                        "and the seal (Seal Registration Regulations); if you cannot come, ask "
                        "for the home-visit service.",
                    ),
                    Text(
                        "印鑑登記、變更、廢止每次新臺幣20元；印鑑證明每張新臺幣20元。",
                        "Registration, change or cancellation costs NT$20; a seal certificate "
                        "costs NT$20 per copy.",
                    ),
                    Text(
                        "印鑑章請勿使用易變形之材質；印鑑遺失時，應儘速申請廢止。",
                        "Use a seal that does not deform; if it is lost, cancel it at once.",
                    ),
                ),
            ),
            pdpa_notice(office, "辦理印鑑登記及核發印鑑證明（戶政）", "seal registration"),
        ),
    )


def transcript_application(office: Text) -> Form:
    kinds = [
        ("戶籍謄本（現戶全部）", "Transcript, current household, all"),
        ("戶籍謄本（現戶部分）", "Transcript, current household, part"),
        ("戶籍謄本（除戶）", "Transcript, deregistered members"),
        ("日據時期戶口調查簿謄本", "Japanese-era household record"),
        ("戶口名簿（補領或換領）", "Household certificate (reissue or replacement)"),
    ]
    return Form(
        "transcript-application",
        Text(
            "戶籍謄本及戶口名簿申請書",
            "Application for a Household Registration Transcript or Household Certificate",
        ),
        "odt",
        (
            Title(
                Text(
                    "戶籍謄本及戶口名簿申請書",
                    "Application for a Household Registration Transcript or Household Certificate",
                )
            ),
            Heading(Text("一、申請項目", "1. Documents requested")),
            Table(
                WIDTHS_4,
                (
                    row(label("項目", "Document"), choices(kinds, span=3, per_line=1), height=3.2),
                    row(
                        label("份數", "Copies"),
                        blank(),
                        label("記事欄", "Notes column"),
                        choices([("詳細記事", "Full"), ("省略記事", "Abridged")], per_line=1),
                    ),
                ),
            ),
            Heading(Text("二、被申請人（戶長或當事人）", "2. Whose record (head or member)")),
            Table(
                WIDTHS_4,
                (
                    row(
                        label("姓名", "Name"),
                        blank(),
                        label("身分證統一編號", "National ID No."),
                        blank(),
                    ),
                    row(label("戶籍地址", "Registered address"), blank(3), height=1.2),
                ),
            ),
            Heading(Text("三、申請人", "3. Applicant")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("申請人", "Applicant"),
                    row(
                        label("與被申請人關係", "Relationship"),
                        choices(
                            [("本人", "Self"), ("同戶", "Same household"), ("利害關係人", "Other")],
                            span=3,
                        ),
                    ),
                    row(label("申請目的", "Purpose"), blank(3)),
                    signature_row("申請人簽名或蓋章", "Signature or seal"),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "本人或戶內人口得申請全戶謄本；利害關係人申請時，應附具利害關係證明文件"
                        "（戶籍法第65條）。",
                        "You or a member of your household may apply; anyone else must show a "
                        "legal interest (Household Registration Act, Art. 65).",
                    ),
                    Text(
                        "戶籍謄本每張新臺幣15元；補領或換領戶口名簿每份新臺幣30元（戶政規費收費標準）。",
                        "A transcript costs NT$15 per page; reissuing or replacing a household "
                        "certificate costs NT$30 (Household Registration Fees Standard).",
                    ),
                    Text(
                        "請攜帶申請人國民身分證；委託他人辦理者，另附委託書。",
                        "Bring your national ID card; an agent also brings a letter of "
                        "entrustment.",
                    ),
                ),
            ),
            pdpa_notice(
                office, "核發戶籍謄本及戶口名簿（戶政）", "issuing transcripts and certificates"
            ),
        ),
    )


def name_change(office: Text) -> Form:
    grounds = [
        ("同一機關、學校或團體服務或就學，姓名完全相同（第1款）", "Same name at work or school"),
        ("與三親等以內直系尊親屬名字完全相同（第2款）", "Same name as a close ancestor"),
        ("同一直轄市、縣（市）設籍6個月以上，姓名完全相同（第3款）", "Same name in the city"),
        ("與通緝犯或經判處罪刑確定之人姓名完全相同（第4款）", "Same name as a convicted person"),
        ("被認領、撤銷認領、收養或終止收養（第5款）", "Acknowledgement or adoption"),
        ("字義粗俗不雅、音譯過長或有特殊原因（第6款）", "Vulgar, too long or other reason"),
    ]
    return Form(
        "name-change-application",
        Text("改名申請書", "Name Change Application"),
        "odt",
        (
            Title(Text("改名申請書", "Name Change Application")),
            Heading(Text("一、當事人", "1. Person concerned")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("當事人", "Person's"),
                    row(
                        label("現在姓名", "Present name"),
                        blank(),
                        label("改名後姓名", "New name"),
                        blank(),
                        height=1.3,
                    ),
                ),
            ),
            Heading(Text("二、改名事由（姓名條例第9條第1項）", "2. Grounds (Name Act, Art. 9(1))")),
            Table(
                WIDTHS_2,
                (
                    row(label("事由", "Grounds"), choices(grounds, per_line=1), height=4.2),
                    row(label("說明", "Explanation"), blank(), height=1.6),
                ),
            ),
            Heading(Text("三、申請人", "3. Applicant")),
            Table(
                WIDTHS_4,
                (
                    row(
                        label("申請人姓名", "Applicant name"),
                        blank(),
                        label("與當事人關係", "Relationship"),
                        blank(),
                    ),
                    signature_row("申請人簽名或蓋章", "Signature or seal"),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "依第6款改名以3次為限；未成年人改名由法定代理人申請。",
                        "A change on ground 6 is allowed three times at most; a minor's "
                        "application is made by the legal representative.",
                    ),
                    Text(
                        "請攜帶國民身分證、戶口名簿、印章、最近2年內相片1張及相關證明文件；改名後"
                        "應換領國民身分證，規費依戶政規費收費標準收取。",
                        "Bring your national ID card, household certificate, seal, a photo taken "
                        "within 2 years and supporting documents. The ID card is replaced after "
                        "the change, for the fee in the fee schedule.",
                    ),
                    Text(
                        "改名後，財產、證照等資料請自行向各機關辦理變更。",
                        "After the change, update your name with banks, land offices and other "
                        "agencies yourself.",
                    ),
                ),
            ),
            pdpa_notice(office, "辦理姓名變更登記（戶政）", "name change registration"),
        ),
    )


def satisfaction_survey(office: Text) -> Form:
    scale = ("非常滿意", "滿意", "普通", "不滿意", "非常不滿意")
    scale_en = ("Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied")
    widths = (6.0, 2.4, 2.4, 2.4, 2.4, 2.4)
    questions = [
        ("服務人員態度親切有禮", "Staff were courteous"),
        ("服務人員說明清楚易懂", "Staff explained clearly"),
        ("辦理速度", "Speed of service"),
        ("等候時間", "Waiting time"),
        ("環境整潔舒適、動線指標清楚", "Clean premises, clear signs"),
        ("無障礙及便民設施", "Accessible facilities"),
        ("網站資訊及表單下載", "Website and forms"),
        ("整體服務滿意度", "Overall satisfaction"),
    ]
    services = [
        ("戶籍登記", "Registration"),
        ("謄本或名簿", "Transcript"),
        ("身分證", "ID card"),
        ("印鑑", "Seal"),
        ("其他", "Other"),
    ]
    header = row(
        label("項目", "Item"),
        *(Cell(zh, en, label=True, align="center") for zh, en in zip(scale, scale_en, strict=True)),
        height=1.1,
    )
    rated = tuple(
        row(
            label(f"{index}. {zh}", en),
            *(Cell(BOX, align="center") for _ in scale),
        )
        for index, (zh, en) in enumerate(questions, start=1)
    )
    return Form(
        "satisfaction-survey",
        Text("為民服務滿意度調查表", "Service Satisfaction Survey"),
        "ods",
        (
            Title(Text("為民服務滿意度調查表", "Service Satisfaction Survey")),
            Paragraph(
                Text(
                    "感謝您今天到所洽公。本調查採不記名方式，請在每一項目勾選一格，填寫後投入服務台"
                    "意見箱。您的意見將作為本所改善服務的依據。",
                    "Thank you for your visit. The survey is anonymous: tick one box per item "
                    "and drop the form in the box at the service counter. Your answers help us "
                    "improve.",
                )
            ),
            Table(
                widths,
                (
                    row(
                        label("今天辦理的業務", "Today's service"),
                        choices(services, span=5, per_line=5),
                        height=1.1,
                    ),
                    header,
                    *rated,
                    row(label("其他建議", "Suggestions"), blank(5), height=3.0),
                ),
            ),
            Paragraph(
                Text(
                    "本表不需填寫姓名。如希望本所回覆，請留下聯絡方式（非必填），本所僅用於回覆本次"
                    "意見，回覆後即銷毀。",
                    "No name is needed. If you want a reply, leave a contact (optional); it is "
                    "used only to answer you and destroyed afterwards.",
                ),
                small=True,
            ),
            Table(
                widths,
                (row(label("聯絡方式（非必填）", "Contact (optional)"), blank(5)),),
            ),
            pdpa_notice(
                office, "為民服務品質調查及回覆意見", "service-quality surveys and replies"
            ),
        ),
    )


def home_visit(office: Text) -> Form:
    reasons = [
        ("年滿65歲且行動不便", "Aged 65+, limited mobility"),
        ("身心障礙", "Disability"),
        ("重病或長期臥床", "Seriously ill or bedridden"),
        ("其他：＿＿＿＿", "Other"),
    ]
    services = [
        ("印鑑登記或變更", "Seal registration or change"),
        ("印鑑證明", "Seal certificate"),
        ("補領或換領國民身分證", "ID card reissue or replacement"),
        ("戶籍登記：＿＿＿＿", "Registration"),
        ("其他：＿＿＿＿", "Other"),
    ]
    return Form(
        "home-visit-application",
        Text("到府服務申請表", "Home-Visit Service Request"),
        "odt",
        (
            Title(Text("到府服務申請表", "Home-Visit Service Request")),
            Paragraph(
                Text(
                    "行動不便、無法親自到所的民眾，可由家屬或照顧者申請，由本所派員到府辦理。",
                    "For residents who cannot come to the office: a relative or carer applies and "
                    "the office sends staff to the home.",
                )
            ),
            Heading(Text("一、當事人（接受服務者）", "1. Person to be visited")),
            Table(
                WIDTHS_4,
                (
                    row(
                        label("當事人姓名", "Name"),
                        blank(),
                        label("身分證統一編號", "National ID No."),
                        blank(),
                    ),
                    row(label("服務地址", "Address of the visit"), blank(3), height=1.2),
                    row(label("無法到所原因", "Reason"), choices(reasons, span=3, per_line=2)),
                    row(label("申辦業務", "Services"), choices(services, span=3, per_line=2)),
                ),
            ),
            Heading(Text("二、聯絡人（申請人）", "2. Contact person (applicant)")),
            Table(
                WIDTHS_4,
                (
                    row(
                        label("聯絡人姓名", "Name"),
                        blank(),
                        label("與當事人關係", "Relationship"),
                        blank(),
                    ),
                    row(
                        label("聯絡電話", "Phone"),
                        blank(),
                        label("希望服務日期時段", "Preferred date and time"),
                        blank(),
                    ),
                    signature_row("聯絡人簽名", "Signature"),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "本所收件後以電話聯繫，約定到府日期；請附身心障礙證明或診斷證明書影本"
                        "（如有）。",
                        "We phone you to agree a date; attach a copy of a disability card or "
                        "medical certificate if you have one.",
                    ),
                    Text(
                        "當事人不能簽名者，得按捺指印，並由2位見證人簽名（民法第3條第3項）。",
                        "A person who cannot sign may use a fingerprint with two witnesses "
                        "signing (Civil Code, Art. 3(3)).",
                    ),
                    Text(
                        "本表可傳真、郵寄或親送本所。",
                        "Send this form by fax or post, or bring it to the office.",
                    ),
                ),
            ),
            pdpa_notice(office, "提供到府服務（戶政）", "arranging the home visit"),
        ),
    )


def archives_application(office: Text) -> Form:
    purposes = [
        ("歷史考證", "Historical research"),
        ("學術研究", "Academic research"),
        ("事證稽憑", "Evidence"),
        ("業務參考", "Business reference"),
        ("權益保障", "Protection of rights"),
        ("其他：＿＿＿＿", "Other"),
    ]
    items_header = row(
        label("序號", "No."),
        label("檔號", "File No."),
        label("檔案名稱或內容要旨", "File title or subject"),
        label("申請項目", "Request"),
        height=1.1,
    )
    item_rows = tuple(
        row(
            Cell(str(n), align="center"),
            blank(),
            blank(),
            choices([("閱覽", "View"), ("抄錄", "Copy out"), ("複製", "Reproduce")], per_line=3),
        )
        for n in range(1, 4)
    )
    return Form(
        "archives-application",
        Text("檔案應用申請書", "Application for Access to Archives"),
        "odt",
        (
            Title(Text("檔案應用申請書", "Application for Access to Archives")),
            Heading(Text("一、申請人", "1. Applicant")),
            Table(
                WIDTHS_4,
                (
                    *person_rows("申請人", "Applicant"),
                    row(
                        label("電子郵件", "E-mail"),
                        blank(),
                        label("代理人姓名", "Agent (if any)"),
                        blank(),
                    ),
                ),
            ),
            Heading(Text("二、申請項目", "2. Files requested")),
            Table((1.4, 3.4, 8.2, 5.0), (items_header, *item_rows)),
            Heading(Text("三、申請用途", "3. Purpose")),
            Table(
                WIDTHS_2,
                (
                    row(label("用途", "Purpose"), choices(purposes, per_line=3), height=1.4),
                    row(label("申請人簽名或蓋章", "Signature or seal"), blank(), height=1.6),
                    row(label("申請日期", "Date"), Cell(DATE_LINE, DATE_EN)),
                ),
            ),
            office_use(),
            Notes(
                Text("注意事項", "Notes"),
                (
                    Text(
                        "依檔案法第17條申請閱覽、抄錄或複製檔案；本所於收件後30日內以書面通知准駁"
                        "（機關檔案應用准駁依檔案法第18條及政府資訊公開法第18條）。",
                        "You apply under Archives Act Art. 17 to view, copy out or reproduce "
                        "files; the office answers in writing within 30 days (grounds for "
                        "refusal: Archives Act Art. 18 and Freedom of Government Information "
                        "Law Art. 18).",
                    ),
                    Text(
                        "閱覽、抄錄或複製之費用，依本所規定之收費標準收取。",
                        "Fees for viewing, copying out and reproduction follow the office's fee "
                        "schedule.",
                    ),
                    Text(
                        "代理人申請者，應附委託書及代理人身分證明文件。",
                        "An agent attaches a letter of entrustment and his or her ID.",
                    ),
                ),
            ),
            pdpa_notice(office, "檔案應用服務", "access to archives"),
        ),
    )


ALL_FORMS: tuple[Callable[[Text], Form], ...] = (
    household_registration,
    entrustment_letter,
    seal_registration,
    transcript_application,
    name_change,
    satisfaction_survey,
    home_visit,
    archives_application,
)
