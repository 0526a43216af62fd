// Demo directory: a few hundred clearly fictional contacts and organisations across the twelve demo communities and six strands.
// Deterministic (a seeded PRNG) and additive only: it writes nothing once any contact exists.
import { eq, inArray, isNull, and } from "drizzle-orm";
import type { Db, Tx } from "../app/db/client.server";
import {
  communities,
  contacts,
  contactStrands,
  contactTags,
  LAWFUL_BASES,
  organisations,
  organisationStrands,
  STRAND_KEYS,
  users,
  VETTING_STATUSES,
  type OrganisationType,
  type StrandKey,
} from "../app/db/schema";
import { recordAudit } from "../app/domain/audit.server";
import { indexContact, indexOrganisation } from "../app/domain/directory-search.server";
import { sortKey } from "../app/domain/search-text";
import { dice, type Dice } from "./seeded-random";

// The demo accounts of scripts/demo-data.ts; named here rather than imported so that module can
// call this one without an import cycle.
const LIAISON_EMAIL = "liaison@crg.test";
const LEAD_EMAIL = "lead@crg.test";
const LIAISON_COUNTRIES = ["AF", "AL", "ER"];
/** The demo strand lead's strands: a lead owns only contacts they can see. */
const LEAD_STRANDS: StrandKey[] = ["political", "community"];

const SEED = 20_241_128;
const DAY = 86_400_000;
const TWO_YEARS_DAYS = 730;

type VettingStatus = (typeof VETTING_STATUSES)[number];
type LawfulBasis = (typeof LAWFUL_BASES)[number];
export type Gender = "f" | "m";

// ---------------------------------------------------------------------------------------------
// Names. Written "native|latin|gender" (given names) and "native|latin" (family names); where the
// community writes in Latin script the transliteration is the unaccented form.

export type NamePart = { native: string; latin: string; gender?: Gender };

function stripAccents(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

function names(list: string[]): NamePart[] {
  return list.map((entry) => {
    const [native, second, third] = entry.split("|") as [string, string?, string?];
    // "Arbër|m": a Latin-script name with its gender and no separate transliteration.
    if (second === "m" || second === "f") {
      return { native, latin: stripAccents(native), gender: second };
    }
    return {
      native,
      latin: second ?? stripAccents(native),
      gender: third === "m" || third === "f" ? third : undefined,
    };
  });
}

/** Role titles may carry tags: "Imam#faith leader". */
export type DemoOrganisation = {
  name: string;
  type: OrganisationType;
  strands: StrandKey[];
  roles: string[];
  /** Tags every person of the organisation carries (membership, not role). */
  tags?: string[];
  notes?: string;
  area: string;
  archived?: boolean;
};

export type CommunityProfile = {
  countryCode: string;
  contactCount: number;
  crgMembers: number;
  familyNameFirst: boolean;
  /** Chinese names are written without a space between family and given name. */
  joiner: string;
  given: NamePart[];
  family: NamePart[];
  /** Preferred languages other than English (ISO 639-1), most common first. */
  languages: string[];
  embassy: string;
  organisations: DemoOrganisation[];
};

const EMBASSY_ROLES = [
  "First Secretary (Political)",
  "Counsellor for Community Affairs",
  "Press Attaché#media spokesperson",
  "Consul",
  "Second Secretary (Consular)",
];

export const COMMUNITY_PROFILES: CommunityProfile[] = [
  {
    countryCode: "AF",
    contactCount: 28,
    crgMembers: 4,
    familyNameFirst: false,
    joiner: " ",
    languages: ["fa", "ps"],
    given: names([
      "احمد|Ahmad|m",
      "محمد|Mohammad|m",
      "نجیب|Najib|m",
      "فرید|Farid|m",
      "حمید|Hamid|m",
      "شفیق|Shafiq|m",
      "وحید|Wahid|m",
      "جاوید|Jawed|m",
      "نصیر|Nasir|m",
      "فریبا|Fariba|f",
      "مریم|Maryam|f",
      "زرغونه|Zarghona|f",
      "پروانه|Parwana|f",
      "شکیبا|Shakiba|f",
      "نازنین|Nazanin|f",
      "لیلا|Laila|f",
      "هما|Homa|f",
      "فرشته|Fereshta|f",
    ]),
    family: names([
      "کریمی|Karimi",
      "احمدزی|Ahmadzai",
      "صافی|Safi",
      "نوری|Noori",
      "رحیمی|Rahimi",
      "وردک|Wardak",
      "هاشمی|Hashimi",
      "سلطانی|Sultani",
      "مومند|Momand",
      "سادات|Sadat",
    ]),
    embassy: "Embassy of Afghanistan",
    organisations: [
      {
        name: "Afghan Community Association of West London",
        type: "community_association",
        strands: ["community"],
        roles: ["Chair", "Advice Worker#interpreter", "Volunteer Coordinator", "Secretary"],
        notes: "Runs a weekly advice surgery on Tuesday mornings.",
        area: "Hounslow TW3",
      },
      {
        name: "مسجد نور — Noor Afghan Mosque and Cultural Centre",
        type: "faith_organisation",
        strands: ["religious", "community"],
        roles: ["Imam#faith leader", "Chair of Trustees#faith leader", "Mosque Secretary"],
        notes:
          "Friday prayers draw several hundred worshippers; the hall is available for meetings.",
        area: "Hounslow TW4",
      },
      {
        name: "Afghan Youth Forum UK",
        type: "youth_organisation",
        strands: ["youth"],
        roles: ["Youth Worker#youth worker", "Project Coordinator", "Mentoring Lead#youth worker"],
        area: "London W3",
      },
      {
        name: "Afghan Women's Safety Panel",
        type: "consultative_group",
        strands: ["community", "political"],
        roles: ["Chair", "Panel Member"],
        tags: ["women's group"],
        notes: "Meets every six weeks with the borough's safer neighbourhood team.",
        area: "Hounslow TW3",
      },
    ],
  },
  {
    countryCode: "AL",
    contactCount: 24,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["sq"],
    given: names([
      "Arbër|m",
      "Gëzim|m",
      "Shpëtim|m",
      "Besnik|m",
      "Dritan|m",
      "Ermal|m",
      "Ilir|m",
      "Fatmir|m",
      "Dëshira|f",
      "Blerina|f",
      "Drita|f",
      "Elona|f",
      "Ermira|f",
      "Jonida|f",
      "Mimoza|f",
      "Klea|f",
    ]),
    family: names([
      "Hoxha",
      "Kola",
      "Leka",
      "Dushku",
      "Gjoka",
      "Marku",
      "Prifti",
      "Çela",
      "Mëhilli",
      "Bregu",
      "Dervishi",
      "Zeneli",
    ]),
    embassy: "Embassy of the Republic of Albania",
    organisations: [
      {
        name: "Shoqata Shqiptare e Londrës — Albanian Association of London",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Chair", "Secretary", "Community Development Worker"],
        notes: "Runs Albanian-language classes for children on Saturdays.",
        area: "London N15",
      },
      {
        name: "Albanian Business Network UK",
        type: "business",
        strands: ["business"],
        roles: [
          "Chair#business owner",
          "Managing Director#business owner",
          "Restaurant Owner#business owner",
          "Accountant",
        ],
        area: "London E1",
      },
      {
        name: "Rinia Shqiptare Youth Project",
        type: "youth_organisation",
        strands: ["youth"],
        roles: ["Youth Worker#youth worker", "Football Coach", "Project Coordinator"],
        area: "London N17",
      },
      {
        name: "Tirana Café Traders Group",
        type: "business",
        strands: ["business"],
        roles: ["Chair"],
        notes: "Wound up; its members joined the Albanian Business Network.",
        area: "London N4",
        archived: true,
      },
    ],
  },
  {
    countryCode: "ER",
    contactCount: 24,
    crgMembers: 4,
    familyNameFirst: false,
    joiner: " ",
    languages: ["ti", "ar"],
    given: names([
      "ዳዊት|Dawit|m",
      "ተስፋይ|Tesfay|m",
      "ሰሎሞን|Solomon|m",
      "ዮናስ|Yonas|m",
      "ሚካኤል|Mikael|m",
      "ብርሃነ|Berhane|m",
      "ኣማኑኤል|Amanuel|m",
      "ሳሙኤል|Samuel|m",
      "ሳባ|Saba|f",
      "ሉዋም|Luwam|f",
      "ኤልሳ|Elsa|f",
      "ሰላም|Selam|f",
      "ትርሓስ|Tirhas|f",
      "ዮርዳኖስ|Yordanos|f",
      "ራሕዋ|Rahwa|f",
    ]),
    family: names([
      "ገብረሂወት|Gebrehiwet",
      "ተኽለ|Tekle",
      "ኪዳነ|Kidane",
      "ሃብተ|Habte",
      "መሓሪ|Mehari",
      "ዘርኣይ|Zerai",
      "ወልደሚካኤል|Woldemichael",
      "ኣስመሮም|Asmerom",
      "ተወልደ|Tewelde",
    ]),
    embassy: "Embassy of the State of Eritrea",
    organisations: [
      {
        name: "ቅድስቲ ማርያም — St Mary's Eritrean Orthodox Church",
        type: "faith_organisation",
        strands: ["religious", "community"],
        roles: [
          "Parish Priest#faith leader",
          "Church Council Chair#faith leader",
          "Sunday School Coordinator",
        ],
        area: "London SW9",
      },
      {
        name: "Eritrean Community in Lambeth",
        type: "community_association",
        strands: ["community"],
        roles: ["Chair", "Advice Worker#interpreter", "Secretary"],
        notes: "Holds a community meeting on the first Sunday of each month.",
        area: "London SW2",
      },
      {
        name: "Eritrean Youth Network",
        type: "youth_organisation",
        strands: ["youth"],
        roles: ["Youth Worker#youth worker", "Peer Mentor"],
        area: "London SE5",
      },
      {
        name: "Eritrean and Sudanese Refugee Legal Clinic",
        type: "other",
        strands: ["community", "political"],
        roles: ["Solicitor", "Caseworker#interpreter"],
        notes: "Free legal advice on asylum and family reunion; appointments only.",
        area: "London SE1",
      },
    ],
  },
  {
    countryCode: "IQ",
    contactCount: 22,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["ar", "ku"],
    given: names([
      "محمد|Mohammed|m",
      "أحمد|Ahmed|m",
      "علي|Ali|m",
      "حيدر|Haider|m",
      "مصطفى|Mustafa|m",
      "عمر|Omar|m",
      "كريم|Karim|m",
      "سامر|Samer|m",
      "زينب|Zainab|f",
      "نور|Noor|f",
      "فاطمة|Fatima|f",
      "رنا|Rana|f",
      "هدى|Huda|f",
      "سارة|Sarah|f",
      "دعاء|Duaa|f",
    ]),
    family: names([
      "الجبوري|Al-Jubouri",
      "العبيدي|Al-Obaidi",
      "الساعدي|Al-Saadi",
      "التميمي|Al-Tamimi",
      "الربيعي|Al-Rubaie",
      "الخفاجي|Al-Khafaji",
      "الدليمي|Al-Dulaimi",
      "الشمري|Al-Shammari",
      "البياتي|Al-Bayati",
    ]),
    embassy: "Embassy of the Republic of Iraq",
    organisations: [
      {
        name: "Iraqi Association of Ealing",
        type: "community_association",
        strands: ["community"],
        roles: ["Chair", "Advice Worker", "Secretary"],
        area: "London W5",
      },
      {
        name: "مسجد الرافدين — Al-Rafidain Mosque",
        type: "faith_organisation",
        strands: ["religious"],
        roles: ["Imam#faith leader", "Chair of Trustees#faith leader"],
        area: "London W7",
      },
      {
        name: "Kurdish and Arab Women's Centre",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Centre Manager", "Outreach Worker#interpreter"],
        tags: ["women's group"],
        area: "London W3",
      },
    ],
  },
  {
    countryCode: "IR",
    contactCount: 22,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["fa"],
    given: names([
      "علی|Ali|m",
      "رضا|Reza|m",
      "مهدی|Mehdi|m",
      "امیر|Amir|m",
      "بابک|Babak|m",
      "کامران|Kamran|m",
      "داریوش|Dariush|m",
      "سارا|Sara|f",
      "نسرین|Nasrin|f",
      "شیرین|Shirin|f",
      "مینا|Mina|f",
      "لیلا|Leila|f",
      "پریسا|Parisa|f",
      "آزاده|Azadeh|f",
      "نگار|Negar|f",
    ]),
    family: names([
      "محمدی|Mohammadi",
      "حسینی|Hosseini",
      "رضایی|Rezaei",
      "کاظمی|Kazemi",
      "جعفری|Jafari",
      "نوروزی|Nowruzi",
      "صادقی|Sadeghi",
      "تهرانی|Tehrani",
      "بهرامی|Bahrami",
      "شریفی|Sharifi",
    ]),
    embassy: "Embassy of the Islamic Republic of Iran",
    organisations: [
      {
        name: "Persian Cultural Society of North London",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Chair", "Events Coordinator", "Treasurer"],
        notes: "Organises the Nowruz gathering each March.",
        area: "London N12",
      },
      {
        name: "رادیو پارس — Radio Pars London",
        type: "media_outlet",
        strands: ["media"],
        roles: ["Presenter#media spokesperson", "Producer", "Editor#media spokesperson"],
        area: "London NW4",
      },
      {
        name: "Persian Supplementary School",
        type: "other",
        strands: ["youth"],
        roles: ["Head Teacher"],
        notes: "Closed; its classes moved to the Persian Cultural Society.",
        area: "London N3",
        archived: true,
      },
    ],
  },
  {
    countryCode: "SD",
    contactCount: 20,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["ar"],
    given: names([
      "محمد|Mohamed|m",
      "عثمان|Osman|m",
      "الطيب|Eltayeb|m",
      "حسن|Hassan|m",
      "معتز|Moataz|m",
      "مجدي|Magdi|m",
      "عوض|Awad|m",
      "آمنة|Amna|f",
      "سلمى|Salma|f",
      "ملاذ|Malaz|f",
      "هبة|Hiba|f",
      "رحاب|Rehab|f",
      "إيمان|Iman|f",
      "نسيبة|Nusaiba|f",
    ]),
    family: names([
      "عبد الرحمن|Abdelrahman",
      "إبراهيم|Ibrahim",
      "الأمين|Elamin",
      "بابكر|Babiker",
      "الحاج|Elhag",
      "يوسف|Yousif",
      "محجوب|Mahgoub",
      "الصديق|Elsiddig",
      "آدم|Adam",
    ]),
    embassy: "Embassy of the Republic of the Sudan",
    organisations: [
      {
        name: "Sudanese Families Association, Brent",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Chair", "Family Support Worker", "Secretary"],
        area: "Wembley HA9",
      },
      {
        name: "مسجد النيل — Nile Valley Mosque",
        type: "faith_organisation",
        strands: ["religious", "community"],
        roles: ["Imam#faith leader", "Trustee#faith leader"],
        area: "London NW10",
      },
    ],
  },
  {
    countryCode: "VN",
    contactCount: 22,
    crgMembers: 3,
    familyNameFirst: true,
    joiner: " ",
    languages: ["vi"],
    given: names([
      "Minh Đức|m",
      "Quốc Bảo|m",
      "Hoàng Nam|m",
      "Đức Anh|m",
      "Tuấn Kiệt|m",
      "Gia Huy|m",
      "Văn Phúc|m",
      "Thu Hà|f",
      "Ngọc Ánh|f",
      "Minh Thư|f",
      "Phương Linh|f",
      "Bảo Ngọc|f",
      "Thị Mai|f",
      "Khánh Vy|f",
    ]),
    family: names(["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi"]),
    embassy: "Embassy of the Socialist Republic of Viet Nam",
    organisations: [
      {
        name: "Hội Người Việt tại Hackney — Vietnamese Community of Hackney",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Chair", "Advice Worker#interpreter", "Youth Worker#youth worker"],
        area: "London E8",
      },
      {
        name: "Chùa Phước Hải — Phuoc Hai Buddhist Temple",
        type: "faith_organisation",
        strands: ["religious"],
        roles: ["Abbot#faith leader", "Temple Committee Chair#faith leader"],
        area: "London SE8",
      },
      {
        name: "Vietnamese Business Association UK",
        type: "business",
        strands: ["business"],
        roles: [
          "Chair#business owner",
          "Nail Salon Owner#business owner",
          "Restaurant Owner#business owner",
        ],
        area: "London E9",
      },
      {
        name: "Hackney Vietnamese Safer Neighbourhood Panel",
        type: "consultative_group",
        strands: ["community", "political"],
        roles: ["Chair", "Panel Member"],
        area: "London E8",
      },
    ],
  },
  {
    countryCode: "CN",
    contactCount: 24,
    crgMembers: 4,
    familyNameFirst: true,
    joiner: "",
    languages: ["zh"],
    given: names([
      "秀英|Xiuying|f",
      "嘉怡|Jiayi|f",
      "晓燕|Xiaoyan|f",
      "海燕|Haiyan|f",
      "雅琴|Yaqin|f",
      "子涵|Zihan|f",
      "思琪|Siqi|f",
      "志明|Zhiming|m",
      "建华|Jianhua|m",
      "文杰|Wenjie|m",
      "宇轩|Yuxuan|m",
      "思远|Siyuan|m",
      "俊峰|Junfeng|m",
      "国栋|Guodong|m",
    ]),
    family: names([
      "王|Wang",
      "李|Li",
      "张|Zhang",
      "刘|Liu",
      "陈|Chen",
      "杨|Yang",
      "黄|Huang",
      "赵|Zhao",
      "吴|Wu",
      "林|Lin",
    ]),
    embassy: "Embassy of the People's Republic of China",
    organisations: [
      {
        name: "伦敦华人互助会 — London Chinese Mutual Aid Society",
        type: "community_association",
        strands: ["community"],
        roles: ["Chair", "Advice Worker#interpreter", "Volunteer Coordinator"],
        notes: "Offers Cantonese and Mandarin advice sessions twice a week.",
        area: "London W1",
      },
      {
        name: "英国华商会 — UK Chinese Business Circle",
        type: "business",
        strands: ["business"],
        roles: [
          "President#business owner",
          "Restaurant Owner#business owner",
          "Accountant",
          "Supermarket Owner#business owner",
        ],
        area: "London W1",
      },
      {
        name: "伦敦华语之声 — London Chinese Voice",
        type: "media_outlet",
        strands: ["media"],
        roles: ["Editor#media spokesperson", "Reporter"],
        area: "London E14",
      },
      {
        name: "华人基督教会 — Chinese Christian Fellowship, Colindale",
        type: "faith_organisation",
        strands: ["religious", "youth"],
        roles: ["Pastor#faith leader", "Church Elder#faith leader"],
        area: "London NW9",
      },
    ],
  },
  {
    countryCode: "SY",
    contactCount: 20,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["ar"],
    given: names([
      "محمد|Mohammad|m",
      "خالد|Khaled|m",
      "باسل|Basel|m",
      "وسيم|Wassim|m",
      "طارق|Tarek|m",
      "يامن|Yamen|m",
      "أنس|Anas|m",
      "رهف|Rahaf|f",
      "لمى|Lama|f",
      "دانة|Dana|f",
      "ريم|Reem|f",
      "غادة|Ghada|f",
      "سلاف|Sulaf|f",
      "ياسمين|Yasmin|f",
    ]),
    family: names([
      "الحلبي|Al-Halabi",
      "الخطيب|Al-Khatib",
      "الشامي|Al-Shami",
      "حداد|Haddad",
      "العلي|Al-Ali",
      "الحمصي|Al-Homsi",
      "نحاس|Nahhas",
      "الزعبي|Al-Zoubi",
      "قدور|Kaddour",
    ]),
    embassy: "Embassy of the Syrian Arab Republic",
    organisations: [
      {
        name: "Jasmine Syrian Families Association",
        type: "community_association",
        strands: ["community"],
        roles: ["Chair", "Women's Group Coordinator", "Advice Worker#interpreter"],
        tags: ["women's group"],
        area: "Croydon CR0",
      },
      {
        name: "بيت الشام — Bait al-Sham Youth Club",
        type: "youth_organisation",
        strands: ["youth"],
        roles: ["Youth Worker#youth worker", "Sports Coach"],
        area: "Croydon CR0",
      },
    ],
  },
  {
    countryCode: "NG",
    contactCount: 24,
    crgMembers: 4,
    familyNameFirst: false,
    joiner: " ",
    languages: ["yo"],
    given: names([
      "Chinedu|m",
      "Oluwaseun|m",
      "Emeka|m",
      "Tunde|m",
      "Ifeanyi|m",
      "Babatunde|m",
      "Segun|m",
      "Musa|m",
      "Funmilayo|f",
      "Chiamaka|f",
      "Adaeze|f",
      "Folake|f",
      "Aisha|f",
      "Yetunde|f",
      "Ngozi|f",
      "Temitope|f",
    ]),
    family: names([
      "Okafor",
      "Adeyemi",
      "Eze",
      "Okonkwo",
      "Balogun",
      "Ogunleye",
      "Nwosu",
      "Abubakar",
      "Bello",
      "Adebayo",
      "Olawale",
    ]),
    embassy: "Nigeria High Commission",
    organisations: [
      {
        name: "Grace Tabernacle Fellowship, Peckham",
        type: "faith_organisation",
        strands: ["religious", "community"],
        roles: [
          "Pastor#faith leader",
          "Church Administrator",
          "Women's Fellowship Leader#women's group",
        ],
        area: "London SE15",
      },
      {
        name: "Yoruba Heritage Association of Southwark",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Chair", "Secretary", "Youth Lead#youth worker"],
        area: "London SE15",
      },
      {
        name: "Naija Traders Network South London",
        type: "business",
        strands: ["business"],
        roles: [
          "Chair#business owner",
          "Shop Owner#business owner",
          "Hair Salon Owner#business owner",
        ],
        area: "London SE15",
      },
    ],
  },
  {
    countryCode: "UA",
    contactCount: 22,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["uk", "ru"],
    given: names([
      "Олександр|Oleksandr|m",
      "Андрій|Andrii|m",
      "Дмитро|Dmytro|m",
      "Тарас|Taras|m",
      "Богдан|Bohdan|m",
      "Максим|Maksym|m",
      "Юрій|Yurii|m",
      "Олена|Olena|f",
      "Оксана|Oksana|f",
      "Наталія|Nataliia|f",
      "Ірина|Iryna|f",
      "Марія|Mariia|f",
      "Софія|Sofiia|f",
      "Галина|Halyna|f",
    ]),
    family: names([
      "Коваленко|Kovalenko",
      "Бондаренко|Bondarenko",
      "Ткаченко|Tkachenko",
      "Кравченко|Kravchenko",
      "Мельник|Melnyk",
      "Бойко|Boiko",
      "Олійник|Oliinyk",
      "Лисенко|Lysenko",
      "Савчук|Savchuk",
      "Гуменюк|Humeniuk",
    ]),
    embassy: "Embassy of Ukraine",
    organisations: [
      {
        name: "Українська громада Лондона — Ukrainian Community of London",
        type: "community_association",
        strands: ["community", "youth"],
        roles: ["Chair", "Volunteer Coordinator", "Housing Adviser#interpreter"],
        notes: "Coordinates host families under the sponsorship scheme.",
        area: "London W11",
      },
      {
        name: "Парафія святого Миколая — St Mykola's Parish",
        type: "faith_organisation",
        strands: ["religious"],
        roles: ["Parish Priest#faith leader", "Parish Council Secretary"],
        area: "London W2",
      },
    ],
  },
  {
    countryCode: "PK",
    contactCount: 24,
    crgMembers: 3,
    familyNameFirst: false,
    joiner: " ",
    languages: ["ur", "pa"],
    given: names([
      "علی|Ali|m",
      "بلال|Bilal|m",
      "حسن|Hassan|m",
      "عثمان|Usman|m",
      "فیصل|Faisal|m",
      "کامران|Kamran|m",
      "طارق|Tariq|m",
      "عائشہ|Ayesha|f",
      "فاطمہ|Fatima|f",
      "ثنا|Sana|f",
      "مریم|Maryam|f",
      "زینب|Zainab|f",
      "حنا|Hina|f",
      "صائمہ|Saima|f",
    ]),
    family: names([
      "قریشی|Qureshi",
      "ملک|Malik",
      "چوہدری|Chaudhry",
      "بٹ|Butt",
      "رضا|Raza",
      "شیخ|Sheikh",
      "اعوان|Awan",
      "مرزا|Mirza",
      "ہاشمی|Hashmi",
      "صدیقی|Siddiqui",
    ]),
    embassy: "High Commission for Pakistan",
    organisations: [
      {
        name: "مسجد رحمت ٹرسٹ — Masjid-e-Rehmat Trust, Slough",
        type: "faith_organisation",
        strands: ["religious", "community"],
        roles: [
          "Imam#faith leader",
          "Chair of Trustees#faith leader",
          "Women's Outreach Coordinator#women's group",
        ],
        area: "Slough SL1",
      },
      {
        name: "Pakistan Business Forum UK",
        type: "business",
        strands: ["business"],
        roles: [
          "Chair#business owner",
          "Managing Director#business owner",
          "Pharmacist#business owner",
          "Solicitor",
        ],
        area: "Southall UB1",
      },
      {
        name: "آواز ریڈیو — Awaaz Community Radio",
        type: "media_outlet",
        strands: ["media"],
        roles: ["Presenter#media spokesperson", "Producer"],
        area: "Southall UB2",
      },
    ],
  },
];

/** Organisations of London as a whole: no community. */
const LONDON_ORGANISATIONS: DemoOrganisation[] = [
  {
    name: "Home Office",
    type: "government_department",
    strands: ["political"],
    roles: ["Senior Policy Adviser, Community Cohesion", "Engagement Lead, Asylum Support"],
    area: "London SW1",
  },
  {
    name: "Ministry of Housing, Communities and Local Government",
    type: "government_department",
    strands: ["political", "community"],
    roles: ["Integration Policy Lead", "Senior Policy Officer"],
    area: "London SW1",
  },
  {
    name: "Foreign, Commonwealth and Development Office",
    type: "government_department",
    strands: ["political"],
    roles: ["Diaspora Engagement Adviser", "Country Desk Officer"],
    area: "London SW1",
  },
  {
    name: "London Evening Courier",
    type: "media_outlet",
    strands: ["media"],
    roles: [
      "Home Affairs Correspondent#media spokesperson",
      "Community Affairs Reporter",
      "News Editor",
    ],
    area: "London EC4",
  },
  {
    name: "Capital City Radio News",
    type: "media_outlet",
    strands: ["media"],
    roles: ["Producer", "Presenter#media spokesperson", "Reporter"],
    area: "London W1",
  },
  {
    name: "The Metropolitan Review",
    type: "media_outlet",
    strands: ["media"],
    roles: ["Features Editor"],
    notes: "Ceased publication; archived for the record of past contact.",
    area: "London EC1",
    archived: true,
  },
  {
    name: "London Borough of Hounslow",
    type: "local_authority",
    strands: ["youth", "community"],
    roles: [
      "Community Safety Manager",
      "Refugee Resettlement Officer",
      "Youth Services Manager#youth worker",
    ],
    area: "Hounslow TW3",
  },
  {
    name: "London Borough of Lambeth",
    type: "local_authority",
    strands: ["youth", "community"],
    roles: ["Community Safety Manager", "Youth Services Manager#youth worker"],
    area: "London SW2",
  },
  {
    name: "Central London Police and Communities Consultative Group",
    type: "consultative_group",
    strands: ["community", "political"],
    roles: ["Chair", "Secretary", "Member"],
    notes: "Meets quarterly; minutes are published on its website.",
    area: "London SW1",
  },
];

/** People with no community: officials, journalists, and a few accented Latin names. */
export const LONDON_GIVEN = names([
  "Zoë|f",
  "Élodie|f",
  "José|m",
  "Siobhán|f",
  "Chloé|f",
  "Renée|f",
  "Noël|m",
  "Inés|f",
  "James|m",
  "Priya|f",
  "Tom|m",
  "Rachel|f",
  "Daniel|m",
  "Hannah|f",
  "Marcus|m",
  "Fiona|f",
  "Oliver|m",
  "Sarah|f",
  "Kwame|m",
  "Aisling|f",
  "Gareth|m",
]);
export const LONDON_FAMILY = names([
  "Hartley",
  "Marchand",
  "Fernández",
  "O'Connell",
  "Whitmore",
  "Natarajan",
  "Ashdown",
  "Osei",
  "Pryce",
  "Fairbairn",
  "McKenzie",
  "Jennings",
  "Mensah",
  "Byrne",
  "Lindqvist",
  "Dupré",
]);
const LONDON_LANGUAGES: Record<string, string> = {
  Élodie: "fr",
  Chloé: "fr",
  José: "es",
  Inés: "es",
};
const ACCENTED_LONDON_NAMES = 8;
const LONDON_CONTACT_COUNT = 30;

/**
 * Combinations that would name a real public figure: the names are meant to be ordinary, and a
 * random pairing should never land on someone well known.
 */
const NOT_TO_GENERATE = new Set([
  "Mohamed Ibrahim",
  "Khaled Al-Khatib",
  "Yurii Boiko",
  "Oleksandr Tkachenko",
  "Andrii Melnyk",
  "Bohdan Bondarenko",
  "Faisal Qureshi",
  "Dritan Prifti",
  "Emeka Okafor",
  "Aisha Abubakar",
  "Tom Hartley",
  "James Whitmore",
  "Hannah Clarke",
]);

/** Titles many people of one organisation may share, once its listed posts are filled. */
const REPEATABLE_ROLES: Record<OrganisationType, string[]> = {
  embassy: ["Attaché", "Third Secretary", "Consular Officer"],
  government_department: ["Policy Officer", "Engagement Officer"],
  business: ["Member#business owner", "Shop Owner#business owner", "Trader#business owner"],
  faith_organisation: ["Trustee", "Committee Member", "Volunteer"],
  youth_organisation: ["Youth Worker#youth worker", "Volunteer", "Youth Forum Member"],
  media_outlet: ["Reporter", "Producer", "Presenter#media spokesperson"],
  community_association: ["Committee Member", "Volunteer", "Caseworker", "Trustee"],
  local_authority: ["Community Engagement Officer"],
  consultative_group: ["Panel Member"],
  other: ["Volunteer", "Caseworker"],
};

const TITLES_WITHOUT_ORGANISATION: Record<StrandKey, string[]> = {
  political: ["Community Campaigner", "Former Councillor", "Human Rights Volunteer"],
  business: [
    "Shop Owner#business owner",
    "Restaurant Owner#business owner",
    "Accountant",
    "Import Trader#business owner",
  ],
  religious: ["Faith Volunteer", "Religious Teacher#faith leader", "Community Elder#elder"],
  youth: ["Student", "Football Coach#youth worker", "Youth Mentor#youth worker", "Parent Governor"],
  media: ["Freelance Journalist", "Community Blogger", "Community Spokesperson#media spokesperson"],
  community: [
    "Community Volunteer",
    "Retired Teacher#elder",
    "GP",
    "Community Interpreter#interpreter",
  ],
};
const LONDON_TITLES_WITHOUT_ORGANISATION = [
  "Academic Researcher",
  "Charity Director",
  "Independent Journalist",
  "Community Interpreter#interpreter",
];

const CONTACT_NOTES = [
  "Prefers to be contacted by email in the first instance.",
  "Available on weekday evenings; works daytime shifts.",
  "Attended the spring forum session on reporting hate crime.",
  "Asked to receive the minutes of strand meetings.",
  "Offered to host a future forum session at their premises.",
  "Introduced to the programme by the community's lead officer.",
  "Said that some community members are unsure how to report non-urgent incidents; recorded as their account.",
  "Passed on parents' concerns about youth safety near the high street; recorded as reported, not verified.",
  "Has links with several supplementary schools in the borough.",
  "Away for part of the summer; check availability before inviting.",
  "Asked for information about police recruitment open days.",
  "Contact details confirmed by phone.",
  "Happy to share police messages through the community's WhatsApp groups.",
];

const STREETS = [
  "Alder Row",
  "Fenmore Street",
  "Kestrel Lane",
  "Marlow Yard",
  "Quillan Road",
  "Saffron Walk",
  "Tanner's Court",
  "Wexley Gardens",
  "Hollin Mews",
  "Brackley Parade",
];

// ---------------------------------------------------------------------------------------------
// Planning: the whole directory is decided in memory first, then written in one transaction.

type OrganisationPlan = DemoOrganisation & {
  countryCode: string | null;
  address: string;
  phone: string;
  email: string;
  website: string;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  /** How many people were given a role here so far: the first gets the first role. */
  staffCount: number;
};

type ContactPlan = {
  name: string;
  latinName: string;
  pronouns: string;
  roleTitle: string;
  organisation: OrganisationPlan | null;
  countryCode: string | null;
  strands: StrandKey[];
  email: string;
  phone: string;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  isCrgMember: boolean;
  termsOfReferenceSignedOn: string | null;
  vettingStatus: VettingStatus | null;
  vettingOn: string | null;
  vettingReviewOn: string | null;
  confidentialitySignedOn: string | null;
  declaredInterests: string;
  interestsDeclaredOn: string | null;
  lawfulBasis: LawfulBasis | null;
  lawfulBasisRecordedOn: string | null;
  keyContactCadenceDays: number | null;
  owner: "liaison" | "lead" | null;
  tags: Set<string>;
  notes: string;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const londonDay = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});
/** The calendar date in London of an instant, as ISO text. */
function londonDate(instant: Date): string {
  return londonDay.format(instant);
}
function daysFrom(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY);
}

function slug(text: string): string {
  return stripAccents(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The English part of a name written "native — English", for addresses and links. */
function englishPart(name: string): string {
  return name.includes(" — ") ? name.split(" — ")[1]! : name;
}

/** Splits "Imam#faith leader" into its title and tags. */
function roleWithTags(role: string): { title: string; tags: string[] } {
  const [title, ...tags] = role.split("#");
  return { title: title!, tags };
}

/** Roles these faiths give only to men. */
const ROLES_HELD_BY_MEN = new Set(["Imam", "Parish Priest", "Abbot"]);

/** The gender a role asks of its holder's name, so a women's group is led by a woman. */
function genderFor(role: string, organisation: { tags?: string[] } | null): Gender | undefined {
  const { title, tags } = roleWithTags(role);
  if (ROLES_HELD_BY_MEN.has(title)) return "m";
  if (title.startsWith("Women's") || tags.includes("women's group")) return "f";
  if (organisation?.tags?.includes("women's group")) return "f";
  return undefined;
}

/**
 * Ofcom's numbers reserved for drama (020 7946 0xxx, 0113 496 0xxx), in international format.
 * 07700 900xxx is left out: libphonenumber-js, which the contact form validates with, rejects it.
 */
function dramaPhoneNumbers(roll: Dice): string[] {
  const numbers: string[] = [];
  for (let n = 0; n < 1000; n += 1) {
    const last = String(n).padStart(3, "0");
    numbers.push(`+44 20 7946 0${last}`, `+44 113 496 0${last}`);
  }
  return roll.shuffle(numbers);
}

function planDirectory(now: Date): { organisations: OrganisationPlan[]; contacts: ContactPlan[] } {
  const roll = dice(SEED);
  const phones = dramaPhoneNumbers(roll);
  const nextPhone = () => phones.pop()!;
  const usedEmails = new Set<string>();
  const usedNames = new Set<string>(NOT_TO_GENERATE);

  const planOrganisation = (
    organisation: DemoOrganisation,
    countryCode: string | null,
  ): OrganisationPlan => {
    const createdAt = daysFrom(now, -roll.between(420, TWO_YEARS_DAYS));
    const updatedAt = roll.chance(0.5) ? createdAt : daysFrom(now, -roll.between(1, 400));
    const archivedAt = organisation.archived ? daysFrom(now, -roll.between(20, 200)) : null;
    const english = slug(englishPart(organisation.name));
    return {
      ...organisation,
      countryCode,
      address: `${roll.whole(2, 180)} ${roll.pick(STREETS)}, ${organisation.area}`,
      phone: roll.chance(0.9) ? nextPhone() : "",
      email: `${english}@example.org`,
      website: roll.chance(0.6) ? `https://example.org/${english}` : "",
      notes: organisation.notes ?? "",
      createdAt,
      updatedAt: archivedAt ?? updatedAt,
      archivedAt,
      staffCount: 0,
    };
  };

  const organisationPlans: OrganisationPlan[] = [];
  for (const profile of COMMUNITY_PROFILES) {
    const embassy: DemoOrganisation = {
      name: profile.embassy,
      type: "embassy",
      strands: ["political"],
      roles: EMBASSY_ROLES,
      notes: "Consular appointments are booked online; the community affairs team attends forums.",
      area: roll.pick(["London W8", "London SW7", "London W1", "London SW1"]),
    };
    for (const organisation of [embassy, ...profile.organisations]) {
      organisationPlans.push(planOrganisation(organisation, profile.countryCode));
    }
  }
  for (const organisation of LONDON_ORGANISATIONS) {
    organisationPlans.push(planOrganisation(organisation, null));
  }

  const emailFor = (latinName: string): string => {
    const words = stripAccents(latinName)
      .toLowerCase()
      .split(/\s+/)
      .map((word) => word.replace(/[^a-z0-9]/g, ""))
      .filter(Boolean);
    const style = roll.whole(1, 10);
    const local =
      style <= 7
        ? words.join(".")
        : style <= 9
          ? `${words[0]![0]}.${words.slice(1).join("")}`
          : words.join("");
    const domain = roll.chance(0.6) ? "example.org" : "example.com";
    let address = `${local}@${domain}`;
    for (let n = 2; usedEmails.has(address); n += 1) address = `${local}${n}@${domain}`;
    usedEmails.add(address);
    return address;
  };

  const newName = (
    given: NamePart[],
    family: NamePart[],
    familyNameFirst: boolean,
    joiner: string,
    gender: Gender | undefined,
  ) => {
    const ofGender = gender ? given.filter((name) => name.gender === gender) : given;
    const fitting = ofGender.length > 0 ? ofGender : given;
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const first = roll.pick(fitting);
      const last = roll.pick(family);
      // "Hoàng Hoàng Nam" would read as a mistake.
      if (first.latin.split(" ")[0] === last.latin) continue;
      const native = familyNameFirst
        ? `${last.native}${joiner}${first.native}`
        : `${first.native}${joiner}${last.native}`;
      const latin = familyNameFirst
        ? `${last.latin} ${first.latin}`
        : `${first.latin} ${last.latin}`;
      if (usedNames.has(latin)) continue;
      usedNames.add(latin);
      // A name already written in plain Latin letters needs no transliteration.
      return {
        native,
        latin: /^[\x20-\x7e]*$/.test(native) ? "" : latin,
        email: latin,
        gender: first.gender,
      };
    }
    throw new Error("The demo name lists are too short for the contacts asked of them.");
  };

  const contactPlans: ContactPlan[] = [];
  const baseContact = (
    person: { native: string; latin: string; email: string; gender: Gender | undefined },
    countryCode: string | null,
    organisation: OrganisationPlan | null,
    role: string,
    strands: StrandKey[],
    preferredLanguage: string,
  ): ContactPlan => {
    const { title, tags } = roleWithTags(role);
    const earliest = organisation
      ? Math.ceil((now.getTime() - organisation.createdAt.getTime()) / DAY) - 1
      : TWO_YEARS_DAYS;
    const createdAt = daysFrom(now, -roll.between(0.5, Math.min(earliest, TWO_YEARS_DAYS)));
    const ageDays = (now.getTime() - createdAt.getTime()) / DAY;
    const updatedAt = roll.chance(0.4) ? createdAt : daysFrom(createdAt, roll.between(0, ageDays));
    const pronounRoll = roll.whole(1, 100);
    const pronouns =
      pronounRoll <= 2
        ? "they/them"
        : pronounRoll <= 32
          ? person.gender === "f"
            ? "she/her"
            : "he/him"
          : "";
    const notes: string[] = [];
    if (roll.chance(0.4)) notes.push(roll.pick(CONTACT_NOTES));
    if (roll.chance(0.1)) notes.push(roll.pick(CONTACT_NOTES));
    return {
      name: person.native,
      latinName: person.latin,
      pronouns,
      roleTitle: title,
      organisation,
      countryCode,
      strands,
      email: roll.chance(0.9) ? emailFor(person.email) : "",
      phone: roll.chance(0.8) ? nextPhone() : "",
      preferredLanguage,
      interpreterNeeded: false,
      isCrgMember: false,
      termsOfReferenceSignedOn: null,
      vettingStatus: null,
      vettingOn: null,
      vettingReviewOn: null,
      confidentialitySignedOn: null,
      declaredInterests: "",
      interestsDeclaredOn: null,
      lawfulBasis: null,
      lawfulBasisRecordedOn: null,
      keyContactCadenceDays: null,
      owner: null,
      tags: new Set([...tags, ...(organisation?.tags ?? [])]),
      notes: [...new Set(notes)].join(" "),
      archivedAt: null,
      createdAt,
      updatedAt,
    };
  };

  // Each listed post is held once (one Imam, one Chair); later people hold titles that repeat.
  const roleAt = (organisation: OrganisationPlan): string => {
    const role =
      organisation.roles[organisation.staffCount] ?? roll.pick(REPEATABLE_ROLES[organisation.type]);
    organisation.staffCount += 1;
    return role;
  };

  for (const profile of COMMUNITY_PROFILES) {
    const ownOrganisations = organisationPlans.filter(
      (organisation) =>
        organisation.countryCode === profile.countryCode && !organisation.archivedAt,
    );
    for (let i = 0; i < profile.contactCount; i += 1) {
      // The first people fill each organisation once, so no active organisation stands empty;
      // the rest cycle through the six strands, so every strand has people in every community.
      const founder = ownOrganisations[i];
      const strand = founder
        ? founder.strands[0]!
        : STRAND_KEYS[(i - ownOrganisations.length) % STRAND_KEYS.length]!;
      const candidates = ownOrganisations.filter((organisation) =>
        organisation.strands.includes(strand),
      );
      // Where no organisation of the community works in the strand, people still belong to one.
      const fallback = ownOrganisations.filter((organisation) => organisation.type !== "embassy");
      const organisation =
        founder ??
        (candidates.length > 0 && roll.chance(0.9)
          ? roll.pick(candidates)
          : roll.chance(0.6)
            ? roll.pick(fallback)
            : null);
      const strands = new Set<StrandKey>([strand, ...(organisation?.strands ?? [])]);
      if (roll.chance(0.2)) strands.add(roll.pick(["community", "youth", "business"] as const));
      const role = organisation
        ? roleAt(organisation)
        : roll.pick(TITLES_WITHOUT_ORGANISATION[strand]);
      const isElder = role.includes("#elder") || (strand !== "youth" && roll.chance(0.1));
      const speaksEnglishFirst = !isElder && roll.chance(profile.countryCode === "NG" ? 0.75 : 0.3);
      const language = speaksEnglishFirst
        ? "en"
        : roll.chance(0.75)
          ? profile.languages[0]!
          : roll.pick(profile.languages);
      const person = newName(
        profile.given,
        profile.family,
        profile.familyNameFirst,
        profile.joiner,
        genderFor(role, organisation),
      );
      const contact = baseContact(
        person,
        profile.countryCode,
        organisation,
        role,
        [...strands],
        language,
      );
      if (isElder) contact.tags.add("elder");
      if (language !== "en") contact.interpreterNeeded = roll.chance(isElder ? 0.5 : 0.08);
      if (language === "en" && roll.chance(0.06)) contact.tags.add("interpreter");
      contactPlans.push(contact);
    }
  }

  const londonOrganisations = organisationPlans.filter(
    (organisation) => organisation.countryCode === null && !organisation.archivedAt,
  );
  for (let i = 0; i < LONDON_CONTACT_COUNT; i += 1) {
    const organisation = i < 24 ? londonOrganisations[i % londonOrganisations.length]! : null;
    const strand = roll.pick(["political", "media", "community", "youth"] as const);
    const role = organisation
      ? roleAt(organisation)
      : roll.pick(LONDON_TITLES_WITHOUT_ORGANISATION);
    // The accented names lead the list and are each used once, so "Zoe" always finds "Zoë".
    const given = i < ACCENTED_LONDON_NAMES ? [LONDON_GIVEN[i]!] : LONDON_GIVEN;
    const person = newName(given, LONDON_FAMILY, false, " ", genderFor(role, organisation));
    const language = LONDON_LANGUAGES[person.native.split(" ")[0]!] ?? "en";
    contactPlans.push(
      baseContact(
        person,
        null,
        organisation,
        role,
        organisation ? [...organisation.strands] : [strand],
        language,
      ),
    );
  }

  // CRG members: the community's own people, never embassy staff. The compliance picture is
  // deliberately mixed: most cleared, some reviews due within 30 days, some lapsed.
  let memberNumber = 0;
  for (const profile of COMMUNITY_PROFILES) {
    const candidates = contactPlans.filter(
      (contact) =>
        contact.countryCode === profile.countryCode && contact.organisation?.type !== "embassy",
    );
    for (const contact of roll.shuffle(candidates).slice(0, profile.crgMembers)) {
      contact.isCrgMember = true;
      contact.strands = [...new Set<StrandKey>([...contact.strands, "community"])];
      const status: VettingStatus =
        memberNumber % 8 === 0
          ? "lapsed"
          : memberNumber === 13
            ? "refused"
            : memberNumber === 7
              ? "not_started"
              : memberNumber % 10 === 5
                ? "in_progress"
                : "cleared";
      const dueSoon = status === "cleared" && memberNumber % 8 === 3;
      contact.vettingStatus = status;
      if (status === "cleared" || status === "lapsed") {
        const reviewAt =
          status === "lapsed"
            ? daysFrom(now, -roll.whole(5, 150))
            : dueSoon
              ? daysFrom(now, roll.whole(3, 28))
              : daysFrom(now, roll.whole(120, 1000));
        contact.vettingReviewOn = londonDate(reviewAt);
        contact.vettingOn = londonDate(daysFrom(reviewAt, -3 * 365));
      } else if (status === "refused") {
        contact.vettingOn = londonDate(daysFrom(now, -roll.whole(30, 200)));
      }
      if (status !== "not_started") {
        const ageDays = (now.getTime() - contact.createdAt.getTime()) / DAY;
        contact.termsOfReferenceSignedOn = londonDate(
          daysFrom(contact.createdAt, roll.between(0, Math.min(45, ageDays))),
        );
        // Signed with the terms of reference, except by every fifth member, still to sign.
        if (memberNumber % 5 !== 4)
          contact.confidentialitySignedOn = contact.termsOfReferenceSignedOn;
        // Interests declared on joining. Both are renewed yearly: most members have renewed within
        // the year (a day fixed by their number, so the random draws stay as they were); every
        // fourth has not yet signed again, and every fourth (others) not yet declared again.
        contact.interestsDeclaredOn = contact.termsOfReferenceSignedOn;
        const renewedOn = londonDate(daysFrom(now, -(10 + ((memberNumber * 37) % 320))));
        if (
          contact.confidentialitySignedOn &&
          memberNumber % 4 !== 1 &&
          renewedOn > contact.confidentialitySignedOn
        ) {
          contact.confidentialitySignedOn = renewedOn;
        }
        if (memberNumber % 4 !== 2 && renewedOn > contact.interestsDeclaredOn) {
          contact.interestsDeclaredOn = renewedOn;
        }
      }
      if (contact.organisation && memberNumber % 3 === 0) {
        contact.declaredInterests = `${contact.roleTitle || "Member"} of ${contact.organisation.name}.`;
      }
      contact.lawfulBasis = "consent";
      contact.lawfulBasisRecordedOn = londonDate(contact.createdAt);
      memberNumber += 1;
    }
  }

  // About 8% archived: people who moved away or stepped back; CRG members stay current.
  const archivable = roll.shuffle(contactPlans.filter((contact) => !contact.isCrgMember));
  for (const contact of archivable.slice(0, Math.round(contactPlans.length * 0.08))) {
    const ageDays = (now.getTime() - contact.updatedAt.getTime()) / DAY;
    contact.archivedAt = daysFrom(contact.updatedAt, roll.between(0, ageDays));
    contact.updatedAt = contact.archivedAt;
  }

  for (const contact of contactPlans) {
    const inLeadStrands = contact.strands.some((strand) => LEAD_STRANDS.includes(strand));
    if (contact.countryCode && LIAISON_COUNTRIES.includes(contact.countryCode)) {
      contact.owner = roll.chance(0.8)
        ? "liaison"
        : inLeadStrands && roll.chance(0.6)
          ? "lead"
          : null;
    } else if (inLeadStrands) {
      contact.owner = roll.chance(0.7) ? "lead" : null;
    }
  }

  // Key contacts: about sixty current, owned people, so "due for contact" has something to show.
  const keyCandidates = roll.shuffle(
    contactPlans.filter((contact) => contact.owner && !contact.archivedAt),
  );
  for (const contact of keyCandidates.slice(0, 60)) {
    contact.keyContactCadenceDays = roll.pick([14, 30, 30, 60, 60, 90]);
  }

  for (const contact of contactPlans) {
    if (contact.lawfulBasis || roll.chance(0.12)) continue;
    const type = contact.organisation?.type;
    contact.lawfulBasis =
      type === "embassy" ||
      type === "government_department" ||
      type === "local_authority" ||
      type === "consultative_group"
        ? "public_task"
        : type === "media_outlet" || type === "business"
          ? "legitimate_interests"
          : roll.chance(0.5)
            ? "consent"
            : "legitimate_interests";
    const ageDays = (now.getTime() - contact.createdAt.getTime()) / DAY;
    contact.lawfulBasisRecordedOn = londonDate(
      daysFrom(contact.createdAt, roll.between(0, Math.min(14, ageDays))),
    );
  }

  return { organisations: organisationPlans, contacts: contactPlans };
}

// ---------------------------------------------------------------------------------------------
// Writing.

function demoUserId(tx: Tx, email: string): number {
  const user = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`Demo user ${email} is missing: run loadDemoData first.`);
  return user.id;
}

/**
 * Loads the demo directory in one transaction. Adds nothing once any contact exists, so it is
 * safe to run again and never mixes demo people into a directory in real use.
 */
export function loadDemoDirectory(
  db: Db,
  now: Date,
): { contactsAdded: number; organisationsAdded: number } {
  return db.transaction((tx) => {
    if (tx.select({ id: contacts.id }).from(contacts).limit(1).get()) {
      return { contactsAdded: 0, organisationsAdded: 0 };
    }
    const countryCodes = COMMUNITY_PROFILES.map((profile) => profile.countryCode);
    const communityIds = new Map(
      tx
        .select({ id: communities.id, countryCode: communities.countryCode })
        .from(communities)
        .where(and(inArray(communities.countryCode, countryCodes), isNull(communities.archivedAt)))
        .all()
        .map((community) => [community.countryCode, community.id]),
    );
    for (const countryCode of countryCodes) {
      if (!communityIds.has(countryCode)) {
        throw new Error(`Demo community ${countryCode} is missing: run loadDemoData first.`);
      }
    }
    const ownerIds = { liaison: demoUserId(tx, LIAISON_EMAIL), lead: demoUserId(tx, LEAD_EMAIL) };
    const communityIdOf = (countryCode: string | null) =>
      countryCode ? communityIds.get(countryCode)! : null;

    const plan = planDirectory(now);
    const organisationIds = new Map<OrganisationPlan, number>();
    for (const organisation of plan.organisations) {
      const { id } = tx
        .insert(organisations)
        .values({
          name: organisation.name,
          sortName: sortKey(organisation.name),
          type: organisation.type,
          communityId: communityIdOf(organisation.countryCode),
          address: organisation.address,
          phone: organisation.phone,
          email: organisation.email,
          website: organisation.website,
          notes: organisation.notes,
          archivedAt: organisation.archivedAt,
          createdAt: organisation.createdAt,
          updatedAt: organisation.updatedAt,
        })
        .returning({ id: organisations.id })
        .get();
      tx.insert(organisationStrands)
        .values(organisation.strands.map((strandKey) => ({ organisationId: id, strandKey })))
        .run();
      indexOrganisation(tx, id);
      recordAudit(tx, {
        actorUserId: null,
        action: "create",
        entityType: "organisation",
        entityId: id,
        detail: "demo data",
        at: now,
      });
      organisationIds.set(organisation, id);
    }

    for (const contact of plan.contacts) {
      const { id } = tx
        .insert(contacts)
        .values({
          name: contact.name,
          latinName: contact.latinName,
          // Sorted by the transliteration where there is one, so every script shares one order.
          sortName: sortKey(contact.latinName || contact.name),
          pronouns: contact.pronouns,
          roleTitle: contact.roleTitle,
          organisationId: contact.organisation ? organisationIds.get(contact.organisation)! : null,
          communityId: communityIdOf(contact.countryCode),
          email: contact.email,
          phone: contact.phone,
          preferredLanguage: contact.preferredLanguage,
          interpreterNeeded: contact.interpreterNeeded,
          isCrgMember: contact.isCrgMember,
          termsOfReferenceSignedOn: contact.termsOfReferenceSignedOn,
          vettingStatus: contact.vettingStatus,
          vettingOn: contact.vettingOn,
          vettingReviewOn: contact.vettingReviewOn,
          confidentialitySignedOn: contact.confidentialitySignedOn,
          declaredInterests: contact.declaredInterests,
          interestsDeclaredOn: contact.interestsDeclaredOn,
          lawfulBasis: contact.lawfulBasis,
          lawfulBasisRecordedOn: contact.lawfulBasisRecordedOn,
          keyContactCadenceDays: contact.keyContactCadenceDays,
          ownerUserId: contact.owner ? ownerIds[contact.owner] : null,
          notes: contact.notes,
          archivedAt: contact.archivedAt,
          createdAt: contact.createdAt,
          updatedAt: contact.updatedAt,
        })
        .returning({ id: contacts.id })
        .get();
      tx.insert(contactStrands)
        .values(contact.strands.map((strandKey) => ({ contactId: id, strandKey })))
        .run();
      if (contact.tags.size > 0) {
        tx.insert(contactTags)
          .values([...contact.tags].map((tag) => ({ contactId: id, tag })))
          .run();
      }
      indexContact(tx, id);
      recordAudit(tx, {
        actorUserId: null,
        action: "create",
        entityType: "contact",
        entityId: id,
        detail: "demo data",
        at: now,
      });
    }
    return { contactsAdded: plan.contacts.length, organisationsAdded: plan.organisations.length };
  });
}
